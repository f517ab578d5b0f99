namespace Sekisho.Accounts.Resolution;

/// <summary>
/// Decides where mail for a local address goes, as Postfix's local delivery does: aliases first (expanded
/// recursively, addresses in local domains looked up again, others forwarded), then accounts. With a
/// recipient delimiter, <c>alice+tag</c> tries <c>alice+tag</c>, then <c>alice</c>. <c>postmaster</c> and
/// <c>mailer-daemon</c> always resolve: to <c>defaultPostmaster</c>, else the first admin, else the first
/// account, else a mailbox named <c>postmaster</c>. <c>|command</c> and <c>/file</c> alias targets resolve to a
/// <see cref="CommandTarget"/> or <see cref="FileTarget"/> only when the <see cref="Aliases.AliasTargetPolicy"/>
/// allows them; otherwise they are dropped (and an alias with nothing else is unknown).
/// </summary>
public sealed class LocalRecipientResolver
{
    private readonly IAccountStore _accounts;
    private readonly Aliases.AliasMaps _aliases;
    private readonly Func<string, bool> _isLocalDomain;
    private readonly RecipientName _names;
    private readonly string _defaultPostmaster;
    private readonly Aliases.AliasTargetPolicy _policy;

    /// <summary>Creates the resolver; command and file targets are refused.</summary>
    /// <param name="accounts">The accounts.</param>
    /// <param name="aliases">The alias maps.</param>
    /// <param name="isLocalDomain">Whether a domain (given lower-case) is one of ours (<c>mydestination</c>).</param>
    /// <param name="recipientDelimiter">The <c>recipient_delimiter</c> characters, e.g. <c>+</c>; empty for none.</param>
    /// <param name="defaultPostmaster">The account that gets postmaster mail when no alias says otherwise; may be empty.</param>
    public LocalRecipientResolver(IAccountStore accounts, Aliases.AliasMaps aliases, Func<string, bool> isLocalDomain,
        string recipientDelimiter, string defaultPostmaster)
        : this(accounts, aliases, isLocalDomain, recipientDelimiter, defaultPostmaster, Aliases.AliasTargetPolicy.Refused)
    {
    }

    /// <summary>Creates the resolver.</summary>
    /// <param name="accounts">The accounts.</param>
    /// <param name="aliases">The alias maps.</param>
    /// <param name="isLocalDomain">Whether a domain (given lower-case) is one of ours (<c>mydestination</c>).</param>
    /// <param name="recipientDelimiter">The <c>recipient_delimiter</c> characters, e.g. <c>+</c>; empty for none.</param>
    /// <param name="defaultPostmaster">The account that gets postmaster mail when no alias says otherwise; may be empty.</param>
    /// <param name="policy">Which command and file targets of the (already compiled) aliases are delivered to.</param>
    public LocalRecipientResolver(IAccountStore accounts, Aliases.AliasMaps aliases, Func<string, bool> isLocalDomain,
        string recipientDelimiter, string defaultPostmaster, Aliases.AliasTargetPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        ArgumentNullException.ThrowIfNull(aliases);
        ArgumentNullException.ThrowIfNull(isLocalDomain);
        ArgumentNullException.ThrowIfNull(policy);
        _policy = policy;
        _accounts = accounts;
        _aliases = aliases;
        _isLocalDomain = isLocalDomain;
        _names = new RecipientName(recipientDelimiter ?? "");
        _defaultPostmaster = LocalName(defaultPostmaster ?? "");
    }

    /// <summary>Resolves the local part of an address whose domain is local.</summary>
    /// <param name="localPart">The local part, as received (any case, possibly quoted).</param>
    /// <param name="cancellationToken">Cancels the account lookups.</param>
    /// <returns>The delivery targets, or not found with the reason.</returns>
    public async Task<ResolutionResult> ResolveAsync(string localPart, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(localPart);
        var name = RecipientName.Canonical(localPart);
        if (name.Length == 0)
        {
            return ResolutionResult.NotFound("unknown user");
        }
        var expansion = new AliasExpansion(_accounts, _aliases, _isLocalDomain, _names, PostmasterAsync, _policy);
        await expansion.ResolveNameAsync(name, cancellationToken);
        var notes = expansion.Notes.Count > 0 ? string.Join("; ", expansion.Notes) : null;
        if (expansion.Failure is null && expansion.Targets.Count > 0)
        {
            return new ResolutionResult(true, expansion.Targets.ToArray(), notes);
        }
        var problem = expansion.Failure ?? notes ?? "unknown user";
        if (_names.IsPostmaster(name))
        {
            return new ResolutionResult(true, [await PostmasterAsync(cancellationToken)], problem);
        }
        return ResolutionResult.NotFound(problem);
    }

    private async Task<MailboxTarget> PostmasterAsync(CancellationToken cancellationToken)
    {
        if (_defaultPostmaster.Length > 0 && await _accounts.FindAsync(_defaultPostmaster, cancellationToken) is { } named)
        {
            return new MailboxTarget(named.Name);
        }
        var accounts = await _accounts.ListAsync(cancellationToken);
        var chosen = accounts.FirstOrDefault(account => account.IsAdmin) ?? accounts.FirstOrDefault();
        return new MailboxTarget(chosen?.Name ?? "postmaster");
    }

    private string LocalName(string address)
    {
        var at = address.LastIndexOf('@');
        return at >= 0 && _isLocalDomain(AccountName.Normalize(address[(at + 1)..]))
            ? RecipientName.Canonical(address[..at])
            : RecipientName.Canonical(address);
    }
}
