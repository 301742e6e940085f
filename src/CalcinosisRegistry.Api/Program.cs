using CalcinosisRegistry.Api;
using CalcinosisRegistry.Endpoints.Operations;
using CalcinosisRegistry.Endpoints;
using CalcinosisRegistry.Web;
using Orleans.Dashboard;

var builder = WebApplication.CreateBuilder(args);
builder.AddRegistryClusterClient();
builder.Services.AddRegistryApi(builder.Configuration);
builder.Services.AddRegistryWeb(builder.Configuration);

var app = builder.Build();
app.MapRegistryApi();
app.MapRegistryWeb();
app.MapRegistryDashboard((routes, path) => routes.MapOrleansDashboard(path));
await app.RunAsync();
