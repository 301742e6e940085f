using CalcinosisRegistry.Api;
using CalcinosisRegistry.Endpoints;
using CalcinosisRegistry.Endpoints.Operations;
using Orleans.Dashboard;

var builder = WebApplication.CreateBuilder(args);
builder.AddRegistryClusterClient();
builder.Services.AddRegistryApi(builder.Configuration);

var app = builder.Build();
app.MapRegistryApi();
app.MapRegistryDashboard((routes, path) => routes.MapOrleansDashboard(path));
await app.RunAsync();
