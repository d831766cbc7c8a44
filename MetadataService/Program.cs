using FitnessAssistant.MetadataService.Experiments;
using FitnessAssistant.MetadataService.Extensions;
using FitnessAssistant.ServiceDefaults.Authentication;
using FitnessAssistant.ServiceDefaults.Http;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();
builder.AddAdminAuthentication();

var app = builder.Build();

app.UseHeadRequests();
app.UseExceptionHandler();
// Empty-bodied error statuses from the framework (404 route, 405 method) become problem details too.
app.UseStatusCodePages();
app.UseAuthentication();
app.UseAuthorization();

app.MapDefaultEndpoints();
app.MapOpenApi();
app.MapCatalogApi();
app.MapJudgedSetsApi();

app.Run();
