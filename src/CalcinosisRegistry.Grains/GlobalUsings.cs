global using Microsoft.Extensions.Logging;
global using Orleans.Concurrency;
global using CalcinosisRegistry.Contracts.Storage;
