using FitnessAssistant.EmbeddingService.Extensions;
using FitnessAssistant.EmbeddingService.ModelPreparation;

if (args is [PrepareModelCommand.Name, .. var commandArgs])
{
    return PrepareModelCommand.Run(commandArgs);
}

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapEmbeddingApi();

app.Run();
return 0;
