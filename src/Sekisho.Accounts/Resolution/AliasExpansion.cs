using Sekisho.Accounts.Aliases;

namespace Sekisho.Accounts.Resolution;

/// <summary>
/// The state of one resolution: walks aliases recursively, collects targets without duplicates and notes
/// what was dropped. An alias is expanded once per resolution (as Postfix does); a name met again while its
/// own expansion is under way means its account (<c>alice: alice, bob</c>), or a loop when there is no account.
/// Command and file targets are kept only when the <see cref="AliasTargetPolicy"/> allows them, so an index
/// compiled while they were allowed no longer delivers to them once the configuration refuses them.
/// </summary>
internal sealed class AliasExpansion
{
    /// <summary>How many aliases deep an expansion may go.</summary>
    public const int MaxDepth = 20;

    /// <summary>How many distinct targets an expansion may yield.</summary>
    public const int MaxTargets = 1000;

    private readonly IAccountStore _accounts;
    private readonly AliasMaps _aliases;
    private readonly Func<string, bool> _isLocalDomain;
    private readonly RecipientName _names;
    private readonly Func<CancellationToken, Task<MailboxTarget>> _postmaster;
    private readonly AliasTargetPolicy _policy;
    private readonly List<DeliveryTarget> _targets = [];
    private readonly HashSet<DeliveryTarget> _seen = [];
    private readonly HashSet<string> _expanded = new(StringComparer.Ordinal);
    private readonly Dictionary<string, bool> _accountExists = new(StringComparer.Ordinal);
    private readonly List<string> _chain = [];
    private readonly List<string> _notes = [];

    /// <summary>Starts an empty expansion.</summary>
    /// <param name="accounts">The accounts.</param>
    /// <param name="aliases">The aliases.</param>
    /// <param name="isLocalDomain">Whether a (lower-case) domain is ours.</param>
    /// <param name="names">The name rules (delimiter, postmaster names).</param>
    /// <param name="postmaster">Where postmaster mail goes when no alias or account says.</param>
    /// <param name="policy">Which command and file targets are kept.</param>
    public AliasExpansion(IAccountStore accounts, AliasMaps aliases, Func<string, bool> isLocalDomain, RecipientName names,
        Func<CancellationToken, Task<MailboxTarget>> postmaster, AliasTargetPolicy policy)
    {
        _policy = policy;
        _accounts = accounts;
        _aliases = aliases;
        _isLocalDomain = isLocalDomain;
        _names = names;
        _postmaster = postmaster;
    }

    /// <summary>The targets found so far, in order.</summary>
    public IReadOnlyList<DeliveryTarget> Targets => _targets;

    /// <summary>Notes about dropped alias members.</summary>
    public IReadOnlyList<string> Notes => _notes;

    /// <summary>Why the whole expansion failed (loop, too deep, too many targets), or <see langword="null"/>.</summary>
    public string? Failure { get; private set; }

    /// <summary>Resolves a local name: an alias (expanded), else an account, else the postmaster fallback.</summary>
    /// <param name="name">The lower-case local name, possibly with an extension (<c>alice+tag</c>).</param>
    /// <param name="cancellationToken">Cancels the account lookups.</param>
    public async Task ResolveNameAsync(string name, CancellationToken cancellationToken)
    {
        foreach (var candidate in _names.Candidates(name))
        {
            if (Failure is not null)
            {
                return;
            }
            if (_chain.Contains(candidate))
            {
                await SelfReferenceAsync(candidate, cancellationToken);
                return;
            }
            if (_aliases.TryGetTargets(candidate, out var targets))
            {
                await ExpandAliasAsync(candidate, targets, cancellationToken);
                return;
            }
            if (await AccountExistsAsync(candidate, cancellationToken))
            {
                Add(new MailboxTarget(candidate));
                return;
            }
        }
        if (_names.IsPostmaster(name))
        {
            Add(await _postmaster(cancellationToken));
        }
        else if (_chain.Count > 0)
        {
            _notes.Add($"alias {_chain[^1]}: unknown user {name}");
        }
    }

    private async Task ExpandAliasAsync(string alias, IReadOnlyList<string> targets, CancellationToken cancellationToken)
    {
        if (!_expanded.Add(alias))
        {
            return; // its targets are in already
        }
        if (_chain.Count >= MaxDepth)
        {
            Failure = $"alias expansion deeper than {MaxDepth}: {string.Join(" -> ", _chain)} -> {alias}";
            return;
        }
        _chain.Add(alias);
        foreach (var target in targets)
        {
            await ExpandTargetAsync(target, cancellationToken);
            if (Failure is not null)
            {
                return;
            }
        }
        _chain.RemoveAt(_chain.Count - 1);
    }

    private async Task SelfReferenceAsync(string name, CancellationToken cancellationToken)
    {
        if (await AccountExistsAsync(name, cancellationToken))
        {
            Add(new MailboxTarget(name));
        }
        else
        {
            Failure = $"alias loop: {string.Join(" -> ", _chain)} -> {name}";
        }
    }

    private async Task ExpandTargetAsync(string target, CancellationToken cancellationToken)
    {
        if (target.StartsWith('|') || target.StartsWith('/'))
        {
            AddCommandOrFile(target);
            return;
        }
        if (target.StartsWith('\\'))
        {
            var account = AccountName.Normalize(target[1..]); // sendmail's "\name": the account itself, no aliases
            if (await AccountExistsAsync(account, cancellationToken))
            {
                Add(new MailboxTarget(account));
            }
            else
            {
                _notes.Add($"alias {_chain[^1]}: unknown user {account}");
            }
            return;
        }
        var at = target.LastIndexOf('@');
        if (at < 0)
        {
            await ResolveNameAsync(AccountName.Normalize(target), cancellationToken);
            return;
        }
        var localPart = target[..at];
        var domain = AccountName.Normalize(target[(at + 1)..]);
        if (localPart.Length == 0 || domain.Length == 0)
        {
            _notes.Add($"alias {_chain[^1]}: invalid address {target}");
        }
        else if (_isLocalDomain(domain))
        {
            await ResolveNameAsync(RecipientName.Canonical(localPart), cancellationToken);
        }
        else
        {
            Add(new RemoteTarget(target));
        }
    }

    private void AddCommandOrFile(string target)
    {
        var alias = _chain[^1];
        var command = target.StartsWith('|');
        if (!(command ? _policy.AllowsCommands : _policy.AllowsFiles))
        {
            _notes.Add($"alias {alias}: {AliasTargetPolicy.RefusalOf(target, "alias or include")}");
            return;
        }
        Add(command ? new CommandTarget(target[1..].Trim(), alias) : new FileTarget(target, alias));
    }

    private void Add(DeliveryTarget target)
    {
        if (_seen.Contains(target))
        {
            return;
        }
        if (_targets.Count >= MaxTargets)
        {
            Failure = $"alias expansion yields more than {MaxTargets} targets";
            return;
        }
        _seen.Add(target);
        _targets.Add(target);
    }

    private async Task<bool> AccountExistsAsync(string name, CancellationToken cancellationToken)
    {
        if (!_accountExists.TryGetValue(name, out var exists))
        {
            exists = AccountName.IsValid(name) && await _accounts.FindAsync(name, cancellationToken) is not null;
            _accountExists[name] = exists;
        }
        return exists;
    }
}
