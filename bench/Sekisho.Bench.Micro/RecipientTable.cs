namespace Sekisho.Bench.Micro;

/// <summary>
/// The <c>check_recipient_access hash:</c> table of the RCPT benchmarks, from a fixed seed: half full addresses
/// (<c>u17.kiri@d4242.example.net</c>), half domains (<c>d18.sora.example.org</c>, which match their subdomains too, as
/// Postfix's <c>parent_domain_matches_subdomains</c> has it); every fifth value <c>OK</c>, the others <c>REJECT</c>.
/// Recipients that miss are under <c>example.com</c> (remote) or the local domain, where no key can match.
/// </summary>
internal sealed class RecipientTable
{
    private static readonly string[] Words = ["kiri", "sora", "yama", "kawa", "umi", "hana", "tori", "kaze", "mori", "hoshi"];
    private readonly Random _random;
    private readonly List<string> _addresses = [];
    private readonly List<string> _domains = [];
    private int _recipients;

    /// <summary>Creates the generator.</summary>
    /// <param name="seed">The seed of the pseudo-random sequence.</param>
    public RecipientTable(int seed) => _random = new Random(seed);

    /// <summary>The table's source lines (<c>key TAB value</c>), all keys distinct.</summary>
    /// <param name="count">How many.</param>
    public List<string> Lines(int count)
    {
        var lines = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            string key;
            if (i % 2 == 0)
            {
                key = $"u{i}.{Word()}@d{_random.Next(50_000)}.example.net";
                _addresses.Add(key);
            }
            else
            {
                key = $"d{i}.{Word()}.example.org";
                _domains.Add(key);
            }
            lines.Add($"{key}\t{(i % 5 == 0 ? "OK" : "REJECT")}");
        }
        return lines;
    }

    /// <summary>A recipient with an entry: 40 % an exact address, 30 % someone at a listed domain, 30 % at a subdomain of one.</summary>
    public string Hit()
    {
        var choice = _random.Next(10);
        if (choice < 4)
        {
            return _addresses[_random.Next(_addresses.Count)];
        }
        var domain = _domains[_random.Next(_domains.Count)];
        return choice < 7 ? $"{Word()}{Next()}@{domain}" : $"{Word()}{Next()}@mail.{domain}";
    }

    /// <summary>A remote recipient no key matches.</summary>
    public string RemoteMiss() => $"{Word()}{Next()}@m{_random.Next(100_000)}.example.com";

    /// <summary>A recipient in <paramref name="localDomain"/> that no key matches.</summary>
    /// <param name="localDomain">A domain in <c>mydestination</c>.</param>
    public string LocalMiss(string localDomain) => $"{Word()}{Next()}@{localDomain}";

    private string Word() => Words[_random.Next(Words.Length)];

    private int Next() => ++_recipients;
}
