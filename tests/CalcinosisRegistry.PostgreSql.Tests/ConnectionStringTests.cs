using CalcinosisRegistry.Persistence.PostgreSql;
using Npgsql;

namespace CalcinosisRegistry.PostgreSql.Tests;

/// <summary>Pool, timeout and statement defaults; no database needed.</summary>
public sealed class ConnectionStringTests
{
    [Fact]
    public void Defaults_are_added_when_the_connection_string_does_not_set_them()
    {
        var tuned = new NpgsqlConnectionStringBuilder(
            RegistryPostgreSqlHosting.WithPoolSize("Host=db;Username=registry;Database=registry", 20));

        Assert.Equal(20, tuned.MaxPoolSize);
        Assert.Equal(RegistryPostgreSqlHosting.DefaultConnectTimeoutSeconds, tuned.Timeout);
        Assert.Equal(RegistryPostgreSqlHosting.DefaultCommandTimeoutSeconds, tuned.CommandTimeout);
        Assert.True(tuned.NoResetOnClose);
        Assert.Equal(RegistryPostgreSqlHosting.DefaultMaxAutoPrepare, tuned.MaxAutoPrepare);
        Assert.Equal("db", tuned.Host);
    }

    [Theory]
    [InlineData("Host=db;Maximum Pool Size=7;Timeout=3;Command Timeout=60;No Reset On Close=false;Max Auto Prepare=0")]
    [InlineData("Host=db;MaxPoolSize=7;timeout=3;CommandTimeout=60;NoResetOnClose=false;MaxAutoPrepare=0")]
    public void Explicit_settings_win_in_any_spelling(string connectionString)
    {
        var tuned = new NpgsqlConnectionStringBuilder(RegistryPostgreSqlHosting.WithPoolSize(connectionString, 20));

        Assert.Equal(7, tuned.MaxPoolSize);
        Assert.Equal(3, tuned.Timeout);
        Assert.Equal(60, tuned.CommandTimeout);
        Assert.False(tuned.NoResetOnClose);
        Assert.Equal(0, tuned.MaxAutoPrepare);
    }
}
