using FitnessAssistant.EmbeddingService.Extensions;
var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapEmbeddingApi();

app.Run();
