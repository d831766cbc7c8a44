using FitnessAssistant.EmbeddingService.ModelPreparation;

if (args is [PrepareModelCommand.Name, .. var commandArgs])
{
    return PrepareModelCommand.Run(commandArgs);
}

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();

var app = builder.Build();

app.MapDefaultEndpoints();

app.Run();
return 0;
