using FitnessAssistant.IndexingService.Api;
using FitnessAssistant.IndexingService.Extensions;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();

app.MapDefaultEndpoints();
app.MapAdminIndexApi();

app.Run();
