using FitnessAssistant.IndexingService.Api;
using FitnessAssistant.IndexingService.Extensions;
using FitnessAssistant.ServiceDefaults.Authentication;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();
builder.AddAdminAuthentication();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseAuthentication();
app.UseAuthorization();

app.MapDefaultEndpoints();
app.MapAdminIndexApi();

app.Run();
