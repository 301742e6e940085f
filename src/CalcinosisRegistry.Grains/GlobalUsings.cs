global using Microsoft.Extensions.Logging;
global using Orleans.Concurrency;
