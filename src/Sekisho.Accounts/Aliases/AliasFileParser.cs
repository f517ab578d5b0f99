namespace Sekisho.Accounts.Aliases;

/// <summary>
/// Reads aliases(5) files: <c>name: target, target, ...</c>; continuation lines start with white space;
/// <c>#</c> comment lines and blank lines are skipped; names are case-insensitive and may be quoted;
/// targets are local names or addresses, quoted when they contain commas or spaces, or
/// <c>:include:/path</c>. Command (<c>|cmd</c>) and file (<c>/path</c>) targets are kept only when an
/// <see cref="AliasTargetPolicy"/> allows them (not by default); refused ones are dropped with a warning.
/// As in Postfix, the first entry of a name wins and a later one is ignored with a warning.
/// </summary>
public static class AliasFileParser
{
    /// <summary>Reads and parses an aliases file, refusing command and file targets; relative include paths start from its folder.</summary>
    /// <param name="path">The aliases file.</param>
    /// <returns>The entries and messages; an unreadable file is reported as an error, not thrown.</returns>
    public static AliasFileResult ParseFile(string path) => ParseFile(path, AliasTargetPolicy.Refused);

    /// <summary>Reads and parses an aliases file; relative include paths start from its folder.</summary>
    /// <param name="path">The aliases file.</param>
    /// <param name="policy">Which command and file targets are kept.</param>
    /// <returns>The entries and messages; an unreadable file is reported as an error, not thrown.</returns>
    public static AliasFileResult ParseFile(string path, AliasTargetPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentException.ThrowIfNullOrEmpty(path);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            var reason = exception is FileNotFoundException or DirectoryNotFoundException ? "no such file" : exception.Message;
            return new AliasFileResult([], [], [$"{path}: cannot read aliases file: {reason}"]);
        }
        return Parse(text, path, Path.GetDirectoryName(Path.GetFullPath(path))!, policy);
    }

    /// <summary>Parses the text of an aliases file, refusing command and file targets.</summary>
    /// <param name="text">The file contents.</param>
    /// <param name="fileName">The file name used in messages and <see cref="AliasEntry.FileName"/>.</param>
    /// <param name="baseDirectory">The folder relative <c>:include:</c> paths start from.</param>
    /// <returns>The entries and messages.</returns>
    public static AliasFileResult Parse(string text, string fileName, string baseDirectory) =>
        Parse(text, fileName, baseDirectory, AliasTargetPolicy.Refused);

    /// <summary>Parses the text of an aliases file.</summary>
    /// <param name="text">The file contents.</param>
    /// <param name="fileName">The file name used in messages and <see cref="AliasEntry.FileName"/>.</param>
    /// <param name="baseDirectory">The folder relative <c>:include:</c> paths start from.</param>
    /// <param name="policy">Which command and file targets are kept.</param>
    /// <returns>The entries and messages.</returns>
    public static AliasFileResult Parse(string text, string fileName, string baseDirectory, AliasTargetPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(fileName);
        ArgumentNullException.ThrowIfNull(baseDirectory);
        ArgumentNullException.ThrowIfNull(policy);
        var warnings = new List<string>();
        var errors = new List<string>();
        var entries = new List<AliasEntry>();
        var firstLines = new Dictionary<string, int>(StringComparer.Ordinal);
        var collector = new AliasTargetCollector(warnings, errors, Path.GetFullPath(Path.Combine(baseDirectory, fileName)), policy);
        foreach (var logical in AliasLineReader.Read(text, fileName, warnings))
        {
            if (!AliasSyntax.TrySplitEntry(logical.Text, out var rawName, out var value, out var problem))
            {
                errors.Add($"{fileName}:{logical.Line}: {problem}");
                continue;
            }
            var name = AccountName.Normalize(rawName);
            if (firstLines.TryGetValue(name, out var first))
            {
                warnings.Add($"{fileName}:{logical.Line}: duplicate alias {name} (first defined on line {first}); entry ignored");
                continue;
            }
            firstLines[name] = logical.Line;
            var targets = new AliasTargetSet();
            var errorsBefore = errors.Count;
            collector.Add(name, value, fileName, logical.Line, baseDirectory, targets);
            if (targets.Count > 0)
            {
                entries.Add(new AliasEntry(name, targets.ToList(), fileName, logical.Line));
            }
            else if (errors.Count == errorsBefore)
            {
                warnings.Add($"{fileName}:{logical.Line}: alias {name}: no deliverable targets; entry ignored");
            }
        }
        return new AliasFileResult(entries.AsReadOnly(), warnings.AsReadOnly(), errors.AsReadOnly());
    }
}
