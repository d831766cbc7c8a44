using FitnessAssistant.SearchService.Admission;
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
// Suggest is cheap and typed at every key press: only the searches that embed and rank go through admission.
app.MapSearchApi().AddEndpointFilter<AdmissionFilter>();
app.MapRelatedExercisesApi().AddEndpointFilter<AdmissionFilter>();
app.MapSuggestApi();

app.Run();

/// <summary>Visible to the API tests (WebApplicationFactory).</summary>
public partial class Program;
