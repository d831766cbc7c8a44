using FitnessAssistant.AppHost.Configuration;
using FitnessAssistant.AppHost.Dashboard;
using FitnessAssistant.AppHost.Logs;
using FitnessAssistant.AppHost.Orchestration;
using FitnessAssistant.AppHost.Telemetry;
using FitnessAssistant.ServiceDefaults.Metrics;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    // The dashboard's page and Prometheus' configuration are copied to the build output, wherever it is run from.
    ContentRootPath = AppContext.BaseDirectory,
    WebRootPath = "Dashboard/wwwroot",
});

var options = builder.AddAppHostOptions();
builder.AddResourceLogs();
builder.AddFitnessSystem(options);
builder.AddTelemetryReceiver();
builder.AddDashboard(options);

var app = builder.Build();

app.MapDashboard();
app.MapOtlpReceiver();
app.MapPrometheusMetrics();

app.Run();
