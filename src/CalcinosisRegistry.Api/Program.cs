using CalcinosisRegistry.Api;
using CalcinosisRegistry.Endpoints;

var builder = WebApplication.CreateBuilder(args);
builder.AddRegistryClusterClient();
builder.Services.AddRegistryApi(builder.Configuration);

var app = builder.Build();
app.MapRegistryApi();
app.MapRegistryDashboard();
await app.RunAsync();
