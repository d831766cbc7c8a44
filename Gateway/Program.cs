using FitnessAssistant.Gateway.Extensions;
using FitnessAssistant.Gateway.DeveloperPortal;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseGatewayPipeline();
app.MapDefaultEndpoints();
app.MapDeveloperPortal();
app.MapReverseProxy(proxy => proxy.UseGatewayProxyPipeline());

app.Run();
