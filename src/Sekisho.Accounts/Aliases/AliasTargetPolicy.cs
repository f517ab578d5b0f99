namespace Sekisho.Accounts.Aliases;

/// <summary>
/// Which <c>|command</c> and <c>/file</c> alias targets are kept: Postfix's <c>allow_mail_to_commands</c> and
/// <c>allow_mail_to_files</c>, split by where the target is written (an aliases file or an <c>:include:</c>
/// file). Everything is refused unless allowed (<see cref="Refused"/>, Sekisho's default); refused targets
/// are dropped with a warning, and an alias left with no targets is unknown.
/// </summary>
public sealed record AliasTargetPolicy
{
    /// <summary>No command or file targets anywhere (the default).</summary>
    public static AliasTargetPolicy Refused { get; } = new();

    /// <summary><c>allow_mail_to_commands</c> lists <c>alias</c>: keep <c>|command</c> targets written in aliases files.</summary>
    public bool CommandsInAliases { get; init; }

    /// <summary><c>allow_mail_to_commands</c> lists <c>include</c>: keep <c>|command</c> targets written in <c>:include:</c> files.</summary>
    public bool CommandsInIncludes { get; init; }

    /// <summary><c>allow_mail_to_files</c> lists <c>alias</c>: keep <c>/file</c> targets written in aliases files.</summary>
    public bool FilesInAliases { get; init; }

    /// <summary><c>allow_mail_to_files</c> lists <c>include</c>: keep <c>/file</c> targets written in <c>:include:</c> files.</summary>
    public bool FilesInIncludes { get; init; }

    /// <summary>
    /// Whether command targets are allowed from some source. A compiled index no longer records where a target
    /// was written, so this is what <see cref="Resolution.LocalRecipientResolver"/> checks: refusing commands
    /// altogether takes effect at once, while moving between <c>alias</c> and <c>include</c> takes effect at the
    /// next <c>sekisho newaliases</c>.
    /// </summary>
    public bool AllowsCommands => CommandsInAliases || CommandsInIncludes;

    /// <summary>Whether file targets are allowed from some source (see <see cref="AllowsCommands"/>).</summary>
    public bool AllowsFiles => FilesInAliases || FilesInIncludes;

    /// <summary>Whether a command (or file) target written in an aliases file, or in an include file, is kept.</summary>
    /// <param name="command"><see langword="true"/> for <c>|command</c>, <see langword="false"/> for <c>/file</c>.</param>
    /// <param name="fromInclude">Whether the target is written in an <c>:include:</c> file.</param>
    /// <returns><see langword="true"/> when it is allowed.</returns>
    public bool Allows(bool command, bool fromInclude) => (command, fromInclude) switch
    {
        (true, false) => CommandsInAliases,
        (true, true) => CommandsInIncludes,
        (false, false) => FilesInAliases,
        (false, true) => FilesInIncludes,
    };

    /// <summary>The warning text for a refused target, naming the parameter to change.</summary>
    /// <param name="target">The target as written, e.g. <c>|/usr/bin/procmail</c>.</param>
    /// <param name="missing">The source the parameter would have to list: <c>alias</c>, <c>include</c>, <c>alias or include</c>.</param>
    /// <returns>E.g. <c>delivery to commands is not allowed (dropped |/bin/x; allow_mail_to_commands does not list alias)</c>.</returns>
    public static string RefusalOf(string target, string missing)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(missing);
        var (what, parameter) = target.StartsWith('|') ? ("commands", "allow_mail_to_commands") : ("files", "allow_mail_to_files");
        return $"delivery to {what} is not allowed (dropped {target}; {parameter} does not list {missing})";
    }
}
