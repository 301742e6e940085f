using CalcinosisRegistry.Api;
using CalcinosisRegistry.Endpoints;
using CalcinosisRegistry.Web;

var builder = WebApplication.CreateBuilder(args);
builder.AddRegistryClusterClient();
builder.Services.AddRegistryApi(builder.Configuration);
builder.Services.AddRegistryWeb();

var app = builder.Build();
app.MapRegistryApi();
app.MapRegistryWeb();
app.MapRegistryDashboard();
await app.RunAsync();
