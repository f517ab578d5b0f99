namespace Sekisho.Config;

/// <summary>
/// Reads <c>allow_mail_to_commands</c> and <c>allow_mail_to_files</c>: a list of the places a <c>|command</c>
/// or <c>/file</c> target may come from, as in Postfix: <c>alias</c> (aliases(5) files), <c>forward</c>
/// (<c>.forward</c> files, which Sekisho does not read, so it changes nothing) and <c>include</c>
/// (<c>:include:</c> files). Sekisho's default is the empty list: refused everywhere.
/// </summary>
internal static class MailToListReader
{
    private static readonly string[] Classes = ["alias", "forward", "include"];

    /// <summary>Which classes the parameter lists.</summary>
    /// <param name="reader">The settings reader.</param>
    /// <param name="name">The parameter name.</param>
    /// <returns>Whether <c>alias</c> and <c>include</c> are listed.</returns>
    /// <exception cref="ConfigException">A word other than alias, forward or include.</exception>
    public static (bool Alias, bool Include) Read(SettingReader reader, string name)
    {
        var listed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in reader.List(name))
        {
            var word = entry.ToLowerInvariant();
            if (!Classes.Contains(word))
            {
                throw reader.Error(name, $"unknown value \"{entry}\" (use alias, forward and/or include, or leave empty)");
            }
            listed.Add(word);
        }
        return (listed.Contains("alias"), listed.Contains("include"));
    }
}
