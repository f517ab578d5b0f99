namespace Sekisho.Config;

/// <summary>Reads and checks <see cref="PopSettings"/>.</summary>
internal static class PopSettingsReader
{
    /// <summary>The settings.</summary>
    /// <exception cref="ConfigException">A bad time, prefix or store URL.</exception>
    public static PopSettings Read(SettingReader reader)
    {
        var prefix = reader.Integer("pop_before_smtp_ipv6_prefix");
        if (prefix is < 1 or > 128)
        {
            throw reader.Error("pop_before_smtp_ipv6_prefix", $"bad prefix length {prefix} (1 to 128)");
        }
        var store = reader.Text("relay_authorization_store").Trim();
        if (store.Length > 0 && (!Uri.TryCreate(store, UriKind.Absolute, out var uri) || uri.Scheme is not ("redis" or "rediss") || uri.Host.Length == 0))
        {
            throw reader.Error("relay_authorization_store", $"bad store \"{store}\" (empty for the embedded database, or redis://host:port/db)");
        }
        return new PopSettings
        {
            Timeout = reader.Time("pop3_timeout", TimeSpan.FromSeconds(1)),
            EnableApop = reader.Boolean("pop3_enable_apop"),
            Expire = reader.Time("pop_before_smtp_expire", TimeSpan.FromSeconds(1)),
            Ipv6Prefix = prefix,
            Store = store,
            Updaters = [.. reader.List("pop_before_smtp_updaters").Select(name => name.ToLowerInvariant())],
        };
    }
}
