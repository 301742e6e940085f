using CalcinosisRegistry.Cli;

return await CalcregCommands.Build().Parse(args).InvokeAsync();
