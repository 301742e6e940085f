using System.Collections.Concurrent;

namespace CalcinosisRegistry.PostgreSql.Tests.Grains;

/// <summary>Registers a durable reminder and counts how often it fires.</summary>
public sealed class TickingGrain : Grain, ITickingGrain, IRemindable
{
    public const string ReminderName = "tick";

    /// <summary>Kept outside the activation: a reminder may fire on a fresh activation on another silo.</summary>
    private static readonly ConcurrentDictionary<string, int> TicksByKey = new();

    public async Task StartTickingAsync(TimeSpan period) =>
        await this.RegisterOrUpdateReminder(ReminderName, dueTime: period, period: period);

    public async Task StopTickingAsync()
    {
        var reminder = await this.GetReminder(ReminderName);
        if (reminder is not null)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    public Task<int> GetTicksAsync() => Task.FromResult(TicksByKey.GetValueOrDefault(this.GetPrimaryKeyString()));

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        TicksByKey.AddOrUpdate(this.GetPrimaryKeyString(), 1, (_, ticks) => ticks + 1);
        return Task.CompletedTask;
    }
}
