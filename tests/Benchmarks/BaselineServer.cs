using CalcinosisRegistry.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace CalcinosisRegistry.Benchmarks;

/// <summary>
/// The baseline a user might build instead of the registry: one minimal ASP.NET Core PUT endpoint that upserts the
/// JSON document as it came into a jsonb column with Npgsql and answers 201. No validation, no statistics, no
/// history, no ETags: it marks what the HTTP stack plus one PostgreSQL round trip cost on this machine.
/// </summary>
public sealed class BaselineServer : IAsyncDisposable
{
    private const string CreateTable =
        "CREATE TABLE IF NOT EXISTS cases (site text NOT NULL, case_id text NOT NULL, doc jsonb NOT NULL, PRIMARY KEY (site, case_id))";

    private const string Upsert =
        "INSERT INTO cases (site, case_id, doc) VALUES ($1, $2, $3) ON CONFLICT (site, case_id) DO UPDATE SET doc = excluded.doc";

    private readonly WebApplication _app;
    private readonly NpgsqlDataSource _database;

    private BaselineServer(WebApplication app, NpgsqlDataSource database, Uri baseAddress)
    {
        _app = app;
        _database = database;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public static async Task<BaselineServer> StartAsync(string connectionString, CancellationToken cancellationToken)
    {
        var database = NpgsqlDataSource.Create(connectionString);
        await using (var create = database.CreateCommand(CreateTable))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        var baseAddress = new Uri($"http://127.0.0.1:{FreePorts.Take(1)[0]}");
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory, EnvironmentName = "Production" });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(baseAddress.ToString().TrimEnd('/'));
        builder.Services.AddSingleton(database);
        var app = builder.Build();
        app.MapPut("/api/sites/{siteId}/cases/{caseId}", PutAsync);
        await app.StartAsync(cancellationToken);
        return new BaselineServer(app, database, baseAddress);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _database.DisposeAsync();
    }

    private static async Task<IResult> PutAsync(string siteId, string caseId, HttpRequest request, NpgsqlDataSource database, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(request.Body);
        var document = await reader.ReadToEndAsync(cancellationToken);
        await using var upsert = database.CreateCommand(Upsert);
        upsert.Parameters.Add(new NpgsqlParameter { Value = siteId });
        upsert.Parameters.Add(new NpgsqlParameter { Value = caseId });
        upsert.Parameters.Add(new NpgsqlParameter { Value = document, NpgsqlDbType = NpgsqlDbType.Jsonb });
        await upsert.ExecuteNonQueryAsync(cancellationToken);
        return Results.StatusCode(StatusCodes.Status201Created);
    }
}
