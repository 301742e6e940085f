using System.Diagnostics;
using CalcinosisRegistry.PostgreSql.Tests.Grains;
using CalcinosisRegistry.PostgreSql.Tests.Infrastructure;
using Npgsql;

namespace CalcinosisRegistry.PostgreSql.Tests;

/// <summary>Durable reminders through the real ADO.NET reminder table, and the ring range queries in SQL.</summary>
public sealed class ReminderTests(RegistryClusterFixture fixture) : IClassFixture<RegistryClusterFixture>
{
    [Fact]
    public async Task A_registered_reminder_fires_and_is_stored()
    {
        var grain = fixture.Cluster.Client.GetGrain<ITickingGrain>("k-ticking");
        await grain.StartTickingAsync(TimeSpan.FromSeconds(1));

        Assert.Equal(1, await SqlProbe.CountAsync(fixture.ConnectionString,
            "SELECT count(*) FROM orleans_reminders WHERE grain_id LIKE '%/k-ticking' AND reminder_name = @name AND period = 1000",
            ("name", TickingGrain.ReminderName)));

        var waited = Stopwatch.StartNew();
        while (await grain.GetTicksAsync() < 2 && waited.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(250);
        }

        Assert.True(await grain.GetTicksAsync() >= 2, "The reminder did not fire twice within 60 seconds.");

        await grain.StopTickingAsync();
        Assert.Equal(0, await SqlProbe.CountAsync(fixture.ConnectionString,
            "SELECT count(*) FROM orleans_reminders WHERE grain_id LIKE '%/k-ticking'"));
    }

    /// <summary>Ring ranges (begin, end] on the unsigned ring, including ones crossing 0 and 0x80000000.</summary>
    public static TheoryData<uint, uint> RingRanges => new()
    {
        { 0x7FFFFF00u, 0x80000100u }, // crosses 0x80000000 without wrapping: arrives as Rows2 (signed begin > end)
        { 0xFFFFFF00u, 0x00000100u }, // wraps across 0: arrives as Rows1 (signed -256 < 256)
        { 0x00000000u, 0x7FFFFFFFu },
        { 0x80000000u, 0xFFFFFFFFu },
        { 0x80000000u, 0x7FFFFFFFu }, // wraps, nearly the whole ring
        { 0x00000005u, 0x00000005u }, // begin = end: the whole ring
        { 0xFFFFFFFFu, 0x00000000u },
        { 0x00000064u, 0xFFFFFF9Cu },
    };

    [Theory]
    [MemberData(nameof(RingRanges))]
    public async Task Range_queries_follow_the_ring_semantics(uint begin, uint end)
    {
        var serviceId = $"ring-{begin:x8}-{end:x8}";
        int[] hashes = [int.MinValue, int.MinValue + 1, -257, -256, -100, -1, 0, 1, 5, 100, 256, 257, int.MaxValue - 1, int.MaxValue];
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        foreach (var hash in hashes)
        {
            await using var insert = new NpgsqlCommand(
                """
                INSERT INTO orleans_reminders (service_id, grain_id, reminder_name, start_time, period, grain_hash, version)
                VALUES (@service, @grain, 'r', now(), 60000, @hash, 0)
                """, connection);
            insert.Parameters.AddWithValue("service", serviceId);
            insert.Parameters.AddWithValue("grain", $"ringprobe/{hash}");
            insert.Parameters.AddWithValue("hash", hash);
            await insert.ExecuteNonQueryAsync();
        }

        // The provider's choice: Rows1 when the SIGNED begin is below the signed end, Rows2 otherwise.
        var (signedBegin, signedEnd) = (unchecked((int)begin), unchecked((int)end));
        var queryKey = signedBegin < signedEnd ? "ReadRangeRows1Key" : "ReadRangeRows2Key";
        await using var query = new NpgsqlCommand(await SqlProbe.QueryTextAsync(fixture.ConnectionString, queryKey), connection);
        query.Parameters.AddWithValue("ServiceId", serviceId);
        query.Parameters.AddWithValue("BeginHash", signedBegin);
        query.Parameters.AddWithValue("EndHash", signedEnd);
        var found = new List<int>();
        await using (var reader = await query.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                found.Add(int.Parse(reader.GetString(reader.GetOrdinal("GrainId"))["ringprobe/".Length..], System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        // Reference: Orleans' IReminderTable.ReadRows contract on the unsigned ring.
        var expected = hashes.Where(hash =>
        {
            var position = unchecked((uint)hash);
            return begin < end ? position > begin && position <= end : position > begin || position <= end;
        });

        Assert.Equal(expected.Order(), found.Order());
    }
}
