using CalcinosisRegistry.Endpoints;
using CalcinosisRegistry.Silo.Hosting;

var commandLine = RegistryCommandLine.Parse(args);
var builder = WebApplication.CreateBuilder(commandLine.HostArguments);
builder.AddRegistrySilo(commandLine);
builder.Services.AddRegistryApi();

var app = builder.Build();
app.MapRegistryApi();
await app.RunAsync();

/// <summary>Visible to the API tests' WebApplicationFactory.</summary>
public partial class Program;
