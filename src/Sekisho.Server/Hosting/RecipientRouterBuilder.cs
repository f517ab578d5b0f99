using Sekisho.Accounts;
using Sekisho.Accounts.Aliases;
using Sekisho.Accounts.Resolution;
using Sekisho.Config;
using Sekisho.Config.Tables;
using Sekisho.Policy;
using Sekisho.Policy.Restrictions;
using Sekisho.Policy.Tables;
using Sekisho.Server.Smtp;

namespace Sekisho.Server.Hosting;

/// <summary>
/// Assembles the RCPT decision path from settings: local domains, the recipient resolver, the restriction
/// lists and their environment. <c>sekisho serve</c> and <c>sekisho check</c> both use it, so a dry run
/// decides exactly as the server would.
/// </summary>
public static class RecipientRouterBuilder
{
    /// <summary>Builds the router.</summary>
    /// <param name="settings">The settings.</param>
    /// <param name="accounts">The account store.</param>
    /// <param name="aliases">The alias maps.</param>
    /// <param name="warnings">Receives what the admin should be told (e.g. a pre-2.10 restriction file).</param>
    /// <param name="popBeforeSmtp">Asks the POP-before-SMTP store (null: nobody is authorized, as before any POP3 login).</param>
    /// <exception cref="ConfigException">A restriction list cannot be enforced.</exception>
    public static RecipientRouter Build(SekishoSettings settings, IAccountStore accounts, AliasMaps aliases, ICollection<string> warnings,
        Func<System.Net.IPAddress, CancellationToken, ValueTask<bool?>>? popBeforeSmtp = null)
    {
        var tables = new TableCache(settings.Configuration.BaseDirectory);
        var localDomains = new LocalDomains(OpenDomainList(settings, "mydestination", settings.MyDestination, false, tables), OwnAddresses.Of(settings));
        var resolver = new LocalRecipientResolver(accounts, aliases, localDomains.Contains, settings.RecipientDelimiter, settings.DefaultPostmaster,
            AliasTargetPolicies.From(settings));
        var relayDomains = OpenDomainList(settings, "relay_domains", settings.RelayDomains, settings.RelayDomainsMatchSubdomains, tables);
        var myNetworks = OpenMyNetworks(settings);
        var environment = new PolicyEnvironment
        {
            MyNetworks = (address, hostname) => myNetworks.Contains(address, hostname, out var source) ? source : null,
            IsLocalDomain = localDomains.Contains,
            IsRelayDomain = domain => domain.Length > 0 && relayDomains.Contains(domain),
            LocalRecipientExists = async (path, cancellation) => (await resolver.ResolveAsync(path.LocalPart, cancellation)).Found,
            SenderLoginOwners = SenderLoginOwners(settings, localDomains, tables),
            PopBeforeSmtp = popBeforeSmtp ?? ((_, _) => ValueTask.FromResult<bool?>(false)),
        };
        var policy = SmtpdPolicy.Create(settings, environment, tables.Open);
        foreach (var warning in policy.Warnings)
        {
            warnings.Add(warning);
        }
        var rewriter = new SenderRoutingRewriter(localDomains.Contains, settings.AllowPercentHack, settings.SwapBangpath);
        return new RecipientRouter(policy, localDomains, resolver, rewriter);
    }

    /// <summary><c>fast_flush_domains</c> (matching subdomains as <c>relay_domains</c> does), for ETRN.</summary>
    /// <exception cref="ConfigException">A table in the list cannot be opened.</exception>
    public static DomainList FastFlushDomains(SekishoSettings settings) =>
        OpenDomainList(settings, "fast_flush_domains", settings.FastFlushDomains, settings.RelayDomainsMatchSubdomains, new TableCache(settings.Configuration.BaseDirectory));

    /// <summary>
    /// <c>smtpd_sender_login_maps</c> (the value lists the owning logins, separated by commas or spaces), or without
    /// maps: a login owns <c>login@</c> each local domain, with or without a <c>recipient_delimiter</c> extension.
    /// </summary>
    private static Func<string, IReadOnlyList<string>?> SenderLoginOwners(SekishoSettings settings, LocalDomains localDomains, TableCache tables)
    {
        var maps = settings.Sasl.SenderLoginMaps;
        if (maps.Count > 0)
        {
            IAccessTable[] opened;
            try
            {
                opened = [.. maps.Select(spec => tables.Open(spec, AccessTableOptions.Default with { Values = TableValueMode.MatchList }))];
            }
            catch (TableException exception)
            {
                var configuration = settings.Configuration;
                throw new ConfigException(configuration.SourceName, configuration.LineOf("smtpd_sender_login_maps"), "smtpd_sender_login_maps: " + exception.Message);
            }
            return address => opened.Select(table => table.FindSender(address)).FirstOrDefault(match => match is not null) is { } found
                ? found.RawValue.Split([',', ' ', '\t'], StringSplitOptions.RemoveEmptyEntries)
                : null;
        }
        var delimiters = settings.RecipientDelimiter;
        return address =>
        {
            var at = address.LastIndexOf('@');
            if (at == 0 || (at > 0 && !localDomains.Contains(address[(at + 1)..])))
            {
                return null;
            }
            var local = at < 0 ? address : address[..at];
            var cut = delimiters.Length == 0 ? -1 : local.IndexOfAny(delimiters.ToCharArray());
            return [cut > 0 ? local[..cut] : local];
        };
    }

    /// <summary>A domain list parameter with its tables opened; a bad table is a configuration error at the parameter's line.</summary>
    private static DomainList OpenDomainList(SekishoSettings settings, string parameter, IReadOnlyList<string> entries, bool parentMatches, TableCache tables)
    {
        try
        {
            return DomainList.Create(entries, parentMatches, spec => tables.Open(spec, AccessTableOptions.Default with { Values = TableValueMode.MatchList }));
        }
        catch (TableException exception)
        {
            var configuration = settings.Configuration;
            throw new ConfigException(configuration.SourceName, configuration.LineOf(parameter), $"{parameter}: {exception.Message}");
        }
    }

    /// <summary>
    /// <c>mynetworks</c> as one indexed list (CIDR entries, files and tables, first match wins), so a list of
    /// 100,000 networks costs O(log n) per decision like a <c>cidr:</c> table.
    /// </summary>
    private static NetworkListTable OpenMyNetworks(SekishoSettings settings)
    {
        var configuration = settings.Configuration;
        try
        {
            return NetworkListTable.Parse(configuration.GetList("mynetworks"), configuration.BaseDirectory);
        }
        catch (TableException exception)
        {
            throw new ConfigException(configuration.SourceName, configuration.LineOf("mynetworks"), "mynetworks: " + exception.Message);
        }
    }
}
