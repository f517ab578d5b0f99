using Sekisho.Protocol.Smtp;

namespace Sekisho.Config;

/// <summary>
/// Reads a Postfix domain list such as <c>mydestination</c> or <c>relay_domains</c>. Each entry is one of:
/// <list type="bullet">
/// <item>a domain (compared in IDNA ASCII form, lower case, without the root dot);</item>
/// <item><c>.example.com</c>: the subdomains of example.com;</item>
/// <item><c>type:name</c>: a lookup table of domains, kept as written and opened by the policy layer;</item>
/// <item><c>/file/name</c> (or a relative path): a file of further entries, read now, <c>#</c> comments allowed;</item>
/// <item>any of the above after <c>!</c>: a negative entry (the first entry that matches decides).</item>
/// </list>
/// </summary>
internal static class DomainListReader
{
    /// <summary>The entries of the parameter, files expanded and domains normalized.</summary>
    /// <exception cref="ConfigException">A file cannot be read, or an entry is not a domain, a file or a table.</exception>
    public static IReadOnlyList<string> Read(SettingReader reader, string name)
    {
        var entries = new List<string>();
        foreach (var entry in reader.List(name))
        {
            Add(reader, name, entry, entries, nested: false);
        }
        return entries;
    }

    private static void Add(SettingReader reader, string name, string entry, List<string> entries, bool nested)
    {
        var negated = entry.StartsWith('!');
        var body = negated ? entry[1..] : entry;
        var prefix = negated ? "!" : "";
        if (IsFile(body))
        {
            if (nested)
            {
                throw reader.Error(name, $"file \"{body}\" is named inside another file; list its domains instead");
            }
            if (negated)
            {
                throw reader.Error(name, $"\"{entry}\": a whole file cannot be negated; put ! before each domain in it");
            }
            foreach (var item in ReadFile(reader, name, body))
            {
                Add(reader, name, item, entries, nested: true);
            }
            return;
        }
        if (body.Contains(':'))
        {
            Append(entries, prefix + body);
            return;
        }
        var leadingDot = body.StartsWith('.');
        var domain = DomainName.Normalize(leadingDot ? body[1..] : body);
        if (domain.Length == 0)
        {
            if (body.Length > 0 || negated)
            {
                throw reader.Error(name, $"\"{entry}\" is not a domain");
            }
            return;
        }
        if (domain.Any(c => char.IsWhiteSpace(c) || c is '@' or ',' or '[' or ']' or '!'))
        {
            throw reader.Error(name, $"\"{entry}\" is not a domain");
        }
        Append(entries, prefix + (leadingDot ? "." : "") + domain);
    }

    private static bool IsFile(string entry) => entry.StartsWith('/') || (entry.Contains('/') && !entry.Contains(':'));

    private static IEnumerable<string> ReadFile(SettingReader reader, string name, string file)
    {
        var path = reader.Configuration.ResolvePath(file);
        if (!File.Exists(path))
        {
            throw reader.Error(name, $"missing file \"{path}\"");
        }
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw reader.Error(name, $"cannot read {path}: {exception.Message}");
        }
        foreach (var line in lines)
        {
            var hash = line.IndexOf('#');
            var text = hash >= 0 ? line[..hash] : line;
            foreach (var item in text.Split([' ', '\t', ','], StringSplitOptions.RemoveEmptyEntries))
            {
                yield return item;
            }
        }
    }

    private static void Append(List<string> entries, string entry)
    {
        if (!entries.Contains(entry, StringComparer.Ordinal))
        {
            entries.Add(entry);
        }
    }
}
