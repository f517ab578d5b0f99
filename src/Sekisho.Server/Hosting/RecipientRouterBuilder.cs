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
    /// <exception cref="ConfigException">A restriction list cannot be enforced.</exception>
    public static RecipientRouter Build(SekishoSettings settings, IAccountStore accounts, AliasMaps aliases, ICollection<string> warnings)
    {
        var localDomains = new LocalDomains(settings.MyDestination, OwnAddresses.Of(settings));
        var resolver = new LocalRecipientResolver(accounts, aliases, localDomains.Contains, settings.RecipientDelimiter, settings.DefaultPostmaster,
            AliasTargetPolicies.From(settings));
        var relayDomains = new LocalDomains(settings.RelayDomains);
        var networkTables = OpenNetworkTables(settings);
        var environment = new PolicyEnvironment
        {
            MyNetworks = (address, hostname) => MatchingNetwork(settings, address)
                ?? (networkTables is not null && networkTables.Contains(address, hostname, out var source) ? source : null),
            IsLocalDomain = localDomains.Contains,
            IsRelayDomain = domain => domain.Length > 0 && relayDomains.Contains(domain),
            LocalRecipientExists = async (path, cancellation) => (await resolver.ResolveAsync(path.LocalPart, cancellation)).Found,
        };
        var policy = SmtpdPolicy.Create(settings, environment, spec => AccessTableFactory.Open(spec, settings.Configuration.BaseDirectory));
        foreach (var warning in policy.Warnings)
        {
            warnings.Add(warning);
        }
        return new RecipientRouter(policy, localDomains, resolver);
    }

    /// <summary>The files and tables named in <c>mynetworks</c> (CIDR entries are matched by the settings' list), or null.</summary>
    private static NetworkListTable? OpenNetworkTables(SekishoSettings settings)
    {
        var configuration = settings.Configuration;
        // Settings validated every entry: what is not CIDR is a file of networks or a table.
        var entries = configuration.GetList("mynetworks").Where(entry => !CidrBlock.TryParse(entry, out _)).ToList();
        if (entries.Count == 0)
        {
            return null;
        }
        try
        {
            return NetworkListTable.Parse(entries, configuration.BaseDirectory);
        }
        catch (TableException exception)
        {
            throw new ConfigException(configuration.SourceName, configuration.LineOf("mynetworks"), "mynetworks: " + exception.Message);
        }
    }

    /// <summary>The <c>mynetworks</c> entry containing <paramref name="address"/>, as written for the trace, or null.</summary>
    private static string? MatchingNetwork(SekishoSettings settings, System.Net.IPAddress address)
    {
        foreach (var block in settings.MyNetworks.Blocks)
        {
            if (block.Contains(address))
            {
                return $"{block.Network}/{block.PrefixLength}";
            }
        }
        return null;
    }
}
