namespace Sekisho.Config;

/// <summary>Reads a domain list such as <c>mydestination</c>: lower-cased, trailing dots removed, duplicates dropped.</summary>
internal static class DomainListReader
{
    /// <summary>The domains in the parameter.</summary>
    /// <exception cref="ConfigException">A lookup table or file reference (not supported yet).</exception>
    public static IReadOnlyList<string> Read(SettingReader reader, string name)
    {
        var domains = new List<string>();
        foreach (var entry in reader.List(name))
        {
            if (entry.Contains(':') || entry.Contains('/'))
            {
                throw reader.Error(name, $"lookup table \"{entry}\" is not supported yet (list domains by name)");
            }
            var domain = entry.TrimEnd('.').ToLowerInvariant();
            if (domain.Length > 0 && !domains.Contains(domain, StringComparer.Ordinal))
            {
                domains.Add(domain);
            }
        }
        return domains;
    }
}
