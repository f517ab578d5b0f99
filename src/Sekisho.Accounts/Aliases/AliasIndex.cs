using System.Text;
using Sekisho.Storage;

namespace Sekisho.Accounts.Aliases;

/// <summary>
/// A compiled aliases file, the equivalent of Postfix's <c>/etc/aliases.db</c>: <see cref="CompileAsync"/>
/// writes it next to the source (durably, all or nothing), <see cref="Load"/> reads it into a dictionary.
/// </summary>
public sealed class AliasIndex
{
    private readonly Dictionary<string, IReadOnlyList<string>> _targets;

    private AliasIndex(Dictionary<string, IReadOnlyList<string>> targets)
    {
        _targets = targets;
    }

    /// <summary>An index with no aliases.</summary>
    public static AliasIndex Empty { get; } = new(new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal));

    /// <summary>How many aliases the index holds.</summary>
    public int Count => _targets.Count;

    /// <summary>The index file of an aliases file: <paramref name="sourcePath"/> + <c>.db</c>.</summary>
    /// <param name="sourcePath">The aliases file, e.g. <c>/etc/sekisho/aliases</c>.</param>
    /// <returns>The index path, e.g. <c>/etc/sekisho/aliases.db</c>.</returns>
    public static string IndexPathFor(string sourcePath)
    {
        ArgumentException.ThrowIfNullOrEmpty(sourcePath);
        return sourcePath + ".db";
    }

    /// <summary>
    /// Parses an aliases file (reading its <c>:include:</c> files), dropping command and file targets, and writes
    /// its index durably; returns once the index is on disk. A server watching the index with
    /// <see cref="AliasMaps"/> picks it up within a second.
    /// </summary>
    /// <param name="sourcePath">The aliases file.</param>
    /// <param name="cancellationToken">Cancels before the new index replaces the old one.</param>
    /// <returns>The parse result, whose <see cref="AliasFileResult.Warnings"/> the caller should show.</returns>
    /// <exception cref="AliasException">The file has errors (all listed in the message, one per line); no index was written.</exception>
    public static Task<AliasFileResult> CompileAsync(string sourcePath, CancellationToken cancellationToken) =>
        CompileAsync(sourcePath, AliasTargetPolicy.Refused, cancellationToken);

    /// <summary>
    /// Parses an aliases file (reading its <c>:include:</c> files) and writes its index durably; returns once
    /// the index is on disk. A server watching the index with <see cref="AliasMaps"/> picks it up within a second.
    /// </summary>
    /// <param name="sourcePath">The aliases file.</param>
    /// <param name="policy">Which command and file targets go into the index; the others are dropped with a warning.</param>
    /// <param name="cancellationToken">Cancels before the new index replaces the old one.</param>
    /// <returns>The parse result, whose <see cref="AliasFileResult.Warnings"/> the caller should show.</returns>
    /// <exception cref="AliasException">The file has errors (all listed in the message, one per line); no index was written.</exception>
    public static async Task<AliasFileResult> CompileAsync(string sourcePath, AliasTargetPolicy policy, CancellationToken cancellationToken)
    {
        var result = AliasFileParser.ParseFile(sourcePath, policy);
        if (result.Errors.Count > 0)
        {
            throw new AliasException(string.Join('\n', result.Errors));
        }
        await DurableFile.WriteAllBytesAsync(IndexPathFor(sourcePath), AliasIndexFormat.Write(result.Entries), cancellationToken);
        return result;
    }

    /// <summary>Reads an index file written by <see cref="CompileAsync"/>.</summary>
    /// <param name="indexPath">The index file.</param>
    /// <returns>The index.</returns>
    /// <exception cref="AliasException">The file is missing, unreadable, damaged or not a Sekisho alias index.</exception>
    public static AliasIndex Load(string indexPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(indexPath);
        string text;
        try
        {
            text = File.ReadAllText(indexPath, Encoding.UTF8);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            var reason = exception is FileNotFoundException or DirectoryNotFoundException ? "no such file" : exception.Message;
            throw new AliasException($"{indexPath}: cannot read alias index: {reason}", exception);
        }
        return new AliasIndex(AliasIndexFormat.Read(text, indexPath));
    }

    /// <summary>Looks an alias up.</summary>
    /// <param name="name">The alias name, in any letter case.</param>
    /// <param name="targets">Its targets, or an empty list.</param>
    /// <returns><see langword="true"/> when the alias exists.</returns>
    public bool TryGetTargets(string name, out IReadOnlyList<string> targets)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (_targets.TryGetValue(AccountName.Normalize(name), out var found))
        {
            targets = found;
            return true;
        }
        targets = [];
        return false;
    }
}
