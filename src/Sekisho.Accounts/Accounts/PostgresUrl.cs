using System.Globalization;
using Npgsql;

namespace Sekisho.Accounts;

/// <summary>
/// Reads an <c>account_database</c> URL in libpq's form, <c>postgresql://user:password@host:port/database?param=value</c>
/// (or <c>postgres://</c>), into an Npgsql connection string. User, password and database are percent-decoded, so a
/// password with <c>@</c>, <c>:</c>, <c>/</c> or <c>?</c> is written <c>%40</c>, <c>%3A</c>, <c>%2F</c>, <c>%3F</c>. The
/// host may be a name, an IPv4 address or a bracketed IPv6 address; a Unix socket folder goes in <c>?host=/path</c>.
/// Query parameters: <c>host</c>, <c>port</c>, <c>sslmode</c> (disable, allow, prefer, require, verify-ca, verify-full),
/// <c>sslrootcert</c>, <c>connect_timeout</c> (seconds), <c>application_name</c>; any other is refused.
/// </summary>
internal sealed class PostgresUrl
{
    private PostgresUrl(NpgsqlConnectionStringBuilder builder, string redacted)
    {
        Builder = builder;
        Redacted = redacted;
    }

    /// <summary>The connection settings.</summary>
    public NpgsqlConnectionStringBuilder Builder { get; }

    /// <summary>The URL with the password replaced by <c>***</c>, for messages and logs.</summary>
    public string Redacted { get; }

    /// <summary>Whether <paramref name="text"/> starts with <c>postgresql://</c> or <c>postgres://</c> (any letter case).</summary>
    /// <param name="text">An <c>account_database</c> value.</param>
    public static bool IsPostgresUrl(string? text) =>
        text is not null && (text.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase));

    /// <summary>Parses a URL.</summary>
    /// <param name="url">The URL.</param>
    /// <returns>The parsed URL.</returns>
    /// <exception cref="AccountException">The URL is malformed; the message never contains the password.</exception>
    public static PostgresUrl Parse(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!IsPostgresUrl(url))
        {
            throw new AccountException("account_database: a PostgreSQL URL starts with postgresql:// or postgres://");
        }
        var rest = url[(url.IndexOf("://", StringComparison.Ordinal) + 3)..];
        var query = "";
        var questionMark = rest.IndexOf('?');
        if (questionMark >= 0)
        {
            query = rest[(questionMark + 1)..];
            rest = rest[..questionMark];
        }
        var slash = rest.IndexOf('/');
        var authority = slash < 0 ? rest : rest[..slash];
        var database = slash < 0 ? "" : Decode(rest[(slash + 1)..]);
        string user = "", password = "", hostPort = authority;
        var at = authority.LastIndexOf('@');
        if (at >= 0)
        {
            var userInfo = authority[..at];
            hostPort = authority[(at + 1)..];
            var colon = userInfo.IndexOf(':');
            user = Decode(colon < 0 ? userInfo : userInfo[..colon]);
            password = colon < 0 ? "" : Decode(userInfo[(colon + 1)..]);
        }
        var builder = new NpgsqlConnectionStringBuilder { ApplicationName = "sekisho" };
        var redacted = (user.Length > 0 ? Uri.EscapeDataString(user) + (password.Length > 0 ? ":***" : "") + "@" : "") + hostPort;
        ReadHostPort(hostPort, builder);
        if (user.Length > 0)
        {
            builder.Username = user;
        }
        if (password.Length > 0)
        {
            builder.Password = password;
        }
        if (database.Length > 0)
        {
            builder.Database = database;
        }
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=');
            var key = Decode(equals < 0 ? pair : pair[..equals]);
            var value = Decode(equals < 0 ? "" : pair[(equals + 1)..]);
            ApplyParameter(builder, key, value);
        }
        if (string.IsNullOrEmpty(builder.Host))
        {
            throw new AccountException("account_database: the PostgreSQL URL names no host (write postgresql://user:password@host/database)");
        }
        var scheme = url[..url.IndexOf("://", StringComparison.Ordinal)].ToLowerInvariant();
        return new PostgresUrl(builder, scheme + "://" + redacted + (slash < 0 ? "" : rest[slash..]) + (query.Length > 0 ? "?" + query : ""));
    }

    private static void ReadHostPort(string hostPort, NpgsqlConnectionStringBuilder builder)
    {
        if (hostPort.Length == 0)
        {
            return;
        }
        if (hostPort.Contains(','))
        {
            builder.Host = hostPort; // several hosts: Npgsql reads host:port pairs itself
            return;
        }
        string host, port = "";
        if (hostPort.StartsWith('['))
        {
            var close = hostPort.IndexOf(']');
            if (close < 0 || (close + 1 < hostPort.Length && hostPort[close + 1] != ':'))
            {
                throw new AccountException("account_database: malformed IPv6 host in the PostgreSQL URL (write [::1]:5432)");
            }
            host = hostPort[1..close];
            port = close + 1 < hostPort.Length ? hostPort[(close + 2)..] : "";
        }
        else
        {
            var colon = hostPort.LastIndexOf(':');
            host = colon < 0 ? hostPort : hostPort[..colon];
            port = colon < 0 ? "" : hostPort[(colon + 1)..];
        }
        builder.Host = Decode(host);
        if (port.Length > 0)
        {
            builder.Port = ParsePort(port);
        }
    }

    private static void ApplyParameter(NpgsqlConnectionStringBuilder builder, string key, string value)
    {
        switch (key)
        {
            case "host":
                builder.Host = value;
                break;
            case "port":
                builder.Port = ParsePort(value);
                break;
            case "sslmode":
                builder.SslMode = value switch
                {
                    "disable" => SslMode.Disable,
                    "allow" => SslMode.Allow,
                    "prefer" => SslMode.Prefer,
                    "require" => SslMode.Require,
                    "verify-ca" => SslMode.VerifyCA,
                    "verify-full" => SslMode.VerifyFull,
                    _ => throw new AccountException($"account_database: unknown sslmode '{value}' (use disable, allow, prefer, require, verify-ca or verify-full)"),
                };
                break;
            case "sslrootcert":
                builder.RootCertificate = value;
                break;
            case "connect_timeout":
                if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds > 1024)
                {
                    throw new AccountException($"account_database: connect_timeout must be a number of seconds, not '{value}'");
                }
                builder.Timeout = seconds;
                break;
            case "application_name":
                builder.ApplicationName = value;
                break;
            default:
                throw new AccountException($"account_database: unsupported PostgreSQL URL parameter '{key}' (supported: host, port, sslmode, sslrootcert, connect_timeout, application_name)");
        }
    }

    private static int ParsePort(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536
            ? port
            : throw new AccountException($"account_database: '{text}' is not a port number");

    private static string Decode(string text) => Uri.UnescapeDataString(text); // a stray % is kept as written
}
