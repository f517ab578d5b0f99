namespace Sekisho.Accounts.Aliases;

/// <summary>
/// Turns the target list of one alias into plain targets: reads <c>:include:</c> files in (relative paths
/// against the folder of the file that names them, nesting limited, loops refused), keeps command and file
/// targets only when the <see cref="AliasTargetPolicy"/> allows them (dropping them with a warning otherwise),
/// and removes duplicates.
/// </summary>
internal sealed class AliasTargetCollector
{
    /// <summary>How deeply <c>:include:</c> files may nest.</summary>
    public const int MaxIncludeDepth = 10;

    private readonly List<string> _warnings;
    private readonly List<string> _errors;
    private readonly List<string> _files = [];
    private readonly AliasTargetPolicy _policy;

    /// <summary>Creates a collector for one aliases file.</summary>
    /// <param name="warnings">Receives warnings.</param>
    /// <param name="errors">Receives errors.</param>
    /// <param name="aliasesFile">The full path of the aliases file (an include of it is a loop).</param>
    /// <param name="policy">Which command and file targets are kept.</param>
    public AliasTargetCollector(List<string> warnings, List<string> errors, string aliasesFile, AliasTargetPolicy policy)
    {
        _warnings = warnings;
        _errors = errors;
        _policy = policy;
        _files.Add(aliasesFile);
    }

    /// <summary>Adds the targets of a target list.</summary>
    /// <param name="alias">The alias name, for messages.</param>
    /// <param name="value">The target list text.</param>
    /// <param name="fileName">The file the list is in, for messages.</param>
    /// <param name="line">Its line, for messages.</param>
    /// <param name="baseDirectory">The folder relative include paths start from.</param>
    /// <param name="targets">Receives the targets.</param>
    public void Add(string alias, string value, string fileName, int line, string baseDirectory, AliasTargetSet targets)
    {
        var raw = new List<string>();
        if (!AliasSyntax.TrySplitTargets(value, raw))
        {
            _errors.Add($"{fileName}:{line}: alias {alias}: unterminated quoted string");
            return;
        }
        foreach (var token in raw)
        {
            AddOne(alias, token, fileName, line, baseDirectory, targets);
        }
    }

    private void AddOne(string alias, string token, string fileName, int line, string baseDirectory, AliasTargetSet targets)
    {
        var target = AliasSyntax.Unquote(token);
        if (target.StartsWith(AliasSyntax.IncludePrefix, StringComparison.OrdinalIgnoreCase))
        {
            Include(alias, target[AliasSyntax.IncludePrefix.Length..].Trim(), fileName, line, baseDirectory, targets);
        }
        else if (target.StartsWith('|') || target.StartsWith('/'))
        {
            AddCommandOrFile(target, $"{fileName}:{line}: alias {alias}", targets);
        }
        else if (AliasSyntax.HasBareWhitespace(token))
        {
            _errors.Add($"{fileName}:{line}: alias {alias}: target \"{token}\" contains white space; separate targets with commas or quote them");
        }
        else if (target.Length > 0)
        {
            targets.Add(target);
        }
    }

    private void AddCommandOrFile(string target, string where, AliasTargetSet targets)
    {
        var command = target.StartsWith('|');
        var fromInclude = _files.Count > 1;
        if (!_policy.Allows(command, fromInclude))
        {
            _warnings.Add($"{where}: {AliasTargetPolicy.RefusalOf(target, fromInclude ? "include" : "alias")}");
        }
        else if (command && target[1..].Trim().Length == 0)
        {
            _warnings.Add($"{where}: empty command (dropped {target})");
        }
        else if (!command && target.EndsWith('/'))
        {
            _warnings.Add($"{where}: delivery to a directory (Maildir) is not supported (dropped {target})");
        }
        else
        {
            targets.Add(command ? "|" + target[1..].Trim() : target);
        }
    }

    private void Include(string alias, string path, string fileName, int line, string baseDirectory, AliasTargetSet targets)
    {
        var where = $"{fileName}:{line}: alias {alias}";
        if (path.Length == 0)
        {
            _errors.Add($"{where}: {AliasSyntax.IncludePrefix} without a file name");
            return;
        }
        if (path.Contains('\0'))
        {
            _errors.Add($"{where}: {AliasSyntax.IncludePrefix} file name with a NUL character");
            return;
        }
        var full = Path.GetFullPath(Path.Combine(baseDirectory, path));
        if (_files.Contains(full))
        {
            _errors.Add($"{where}: include loop: {string.Join(" -> ", _files)} -> {full}");
            return;
        }
        if (_files.Count > MaxIncludeDepth)
        {
            _errors.Add($"{where}: {AliasSyntax.IncludePrefix} files nested more than {MaxIncludeDepth} deep");
            return;
        }
        string text;
        try
        {
            text = File.ReadAllText(full);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            var reason = exception is FileNotFoundException or DirectoryNotFoundException ? "no such file" : exception.Message;
            _errors.Add($"{where}: cannot read {AliasSyntax.IncludePrefix} file {full}: {reason}");
            return;
        }
        _files.Add(full);
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var content = lines[i].Trim();
            if (content.Length > 0 && content[0] != '#')
            {
                Add(alias, content, full, i + 1, Path.GetDirectoryName(full)!, targets);
            }
        }
        _files.RemoveAt(_files.Count - 1);
    }
}
