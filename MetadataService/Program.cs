using FitnessAssistant.MetadataService.Cli;
using FitnessAssistant.MetadataService.Extensions;
using FitnessAssistant.ServiceDefaults.Authentication;
using FitnessAssistant.ServiceDefaults.Http;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();
builder.AddAdminAuthentication();

if (CatalogCommands.IsCommand(args))
{
    return await CatalogCommands.RunAsync(builder, args);
}

var app = builder.Build();

app.UseHeadRequests();
app.MapDefaultEndpoints();
app.MapCatalogApis();

app.Run();
return 0;
