using CalcinosisRegistry.Endpoints.Operations;
using CalcinosisRegistry.Endpoints;
using CalcinosisRegistry.Silo.Hosting;
using CalcinosisRegistry.Web;
using Orleans.Dashboard;

var commandLine = RegistryCommandLine.Parse(args);
var builder = WebApplication.CreateBuilder(commandLine.HostArguments);
if (commandLine.MigrateOnly)
{
    return await DatabaseMigrationService.RunCommandAsync(builder.Configuration, LoggerFactory.Create(logging => logging.AddConsole()));
}

builder.AddRegistrySilo(commandLine);
builder.Services.AddRegistryApi(builder.Configuration);
builder.Services.AddRegistryWeb(builder.Configuration);

var app = builder.Build();
app.MapRegistryApi();
app.MapRegistryWeb();
app.MapRegistryDashboard((routes, path) => routes.MapOrleansDashboard(path));
await app.RunAsync();
return 0;

/// <summary>Visible to the API tests' WebApplicationFactory.</summary>
public partial class Program;
