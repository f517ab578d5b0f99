using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Sekisho.Accounts.Tests.Support;

/// <summary>
/// A private PostgreSQL server for one test run: <c>initdb</c> in a temporary folder, <c>pg_ctl start</c> on 127.0.0.1 with
/// a free port and the Unix socket in that folder, a login role <c>sekisho</c> with a password (TCP logins need it), and a
/// fresh database per test. Run as root, the server runs as user <c>postgres</c> (PostgreSQL refuses root). Stopped and
/// deleted at the end. Missing binaries make every test that uses it fail with a message saying what to install.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    /// <summary>The role's password: characters that must be percent-encoded in a URL.</summary>
    public const string Password = "p@ss:w/rd?%#";

    /// <summary>The role the stores log in as.</summary>
    public const string Role = "sekisho";

    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(120);
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "sekisho-pg-" + Guid.NewGuid().ToString("N")[..12]);
    private string _bin = "";
    private bool _started;
    private int _databases;

    /// <summary>The TCP port on 127.0.0.1.</summary>
    public int Port { get; private set; }

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        _bin = FindBinaries();
        Directory.CreateDirectory(_directory);
        if (RunsAsRoot)
        {
            await RunAsync("chown", ["postgres:postgres", _directory], asPostgres: false);
        }
        var passwordFile = Path.Combine(_directory, "superuser.pw");
        await File.WriteAllTextAsync(passwordFile, "unused-superuser-password\n");
        if (RunsAsRoot)
        {
            await RunAsync("chown", ["postgres:postgres", passwordFile], asPostgres: false);
        }
        await RunAsync(Path.Combine(_bin, "initdb"),
            ["-D", DataDirectory, "-U", "postgres", "--pwfile", passwordFile, "--auth-local=trust", "--auth-host=scram-sha-256",
             "-E", "UTF8", "--no-locale", "--no-sync"], asPostgres: true);
        Port = FreePort();
        await RunAsync(Path.Combine(_bin, "pg_ctl"),
            ["-D", DataDirectory, "-l", Path.Combine(_directory, "server.log"), "-w", "-t", "60",
             "-o", $"-p {Port} -k {_directory} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off",
             "start"], asPostgres: true);
        _started = true;
        await AdminAsync($"CREATE ROLE {Role} LOGIN PASSWORD '{Password}';");
    }

    /// <summary>Creates an empty database owned by <see cref="Role"/>.</summary>
    /// <returns>Its <c>account_database</c> URL, with the password percent-encoded.</returns>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = $"accounts_{Interlocked.Increment(ref _databases)}_{Guid.NewGuid().ToString("N")[..8]}";
        await AdminAsync($"CREATE DATABASE {name} OWNER {Role} STRATEGY FILE_COPY;");
        return $"postgresql://{Role}:{Uri.EscapeDataString(Password)}@127.0.0.1:{Port}/{name}";
    }

    /// <summary>Runs one statement as the superuser over the Unix socket (trusted).</summary>
    /// <param name="sql">The statement.</param>
    /// <param name="database">The database to connect to.</param>
    public async Task AdminAsync(string sql, string database = "postgres")
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString(database));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Runs a query as the superuser and returns every value of the first column as text.</summary>
    /// <param name="sql">The query.</param>
    /// <param name="database">The database to connect to.</param>
    public async Task<IReadOnlyList<string?>> QueryAsync(string sql, string database)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString(database));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string?>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.IsDBNull(0) ? null : Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture));
        }
        return values;
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_started)
        {
            try
            {
                await RunAsync(Path.Combine(_bin, "pg_ctl"), ["-D", DataDirectory, "-m", "fast", "-w", "stop"], asPostgres: true);
            }
            catch (InvalidOperationException)
            {
                // already gone; the folder is removed below either way
            }
        }
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private string DataDirectory => Path.Combine(_directory, "data");

    private static bool RunsAsRoot => Environment.UserName == "root";

    private string AdminConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = _directory,
        Port = Port,
        Username = "postgres",
        Database = database,
        Pooling = false,
    }.ToString();

    private static string FindBinaries()
    {
        var root = "/usr/lib/postgresql";
        var versions = Directory.Exists(root)
            ? Directory.GetDirectories(root)
                .Where(dir => File.Exists(Path.Combine(dir, "bin", "pg_ctl")) && File.Exists(Path.Combine(dir, "bin", "initdb")))
                .OrderByDescending(dir => int.TryParse(Path.GetFileName(dir), out var version) ? version : 0)
                .ToList()
            : [];
        if (versions.Count == 0)
        {
            throw new InvalidOperationException(
                "PostgreSQL server binaries not found (no /usr/lib/postgresql/*/bin/pg_ctl and initdb). The PostgreSQL account-store " +
                "tests need a real server: install the Debian package 'postgresql' (apt-get install -y postgresql; scripts/test.sh does).");
        }
        return Path.Combine(versions[0], "bin");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task RunAsync(string program, IReadOnlyList<string> arguments, bool asPostgres)
    {
        var start = new ProcessStartInfo
        {
            FileName = asPostgres && RunsAsRoot ? "runuser" : program,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = _directory,
        };
        if (asPostgres && RunsAsRoot)
        {
            foreach (var argument in new[] { "-u", "postgres", "--", program })
            {
                start.ArgumentList.Add(argument);
            }
        }
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {program}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(CommandTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{Path.GetFileName(program)} did not finish within {CommandTimeout.TotalSeconds} s");
        }
        if (process.ExitCode != 0)
        {
            var log = Path.Combine(_directory, "server.log");
            var tail = File.Exists(log) ? string.Join('\n', File.ReadLines(log).TakeLast(20)) : "";
            throw new InvalidOperationException(
                $"{Path.GetFileName(program)} {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{await output}\n{await error}\n{tail}");
        }
        await Task.WhenAll(output, error);
    }
}
