using FitnessAssistant.SearchService.Extensions;
using FitnessAssistant.SearchService.Related;
using FitnessAssistant.SearchService.Search;
using FitnessAssistant.SearchService.Suggest;
using FitnessAssistant.ServiceDefaults.Http;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseHeadRequests();
app.UseExceptionHandler();
app.UseStatusCodePages();

app.MapDefaultEndpoints();
app.MapOpenApi();
app.MapSearchApi();
app.MapRelatedExercisesApi();
app.MapSuggestApi();

app.Run();

/// <summary>Visible to the API tests (WebApplicationFactory).</summary>
public partial class Program;
