using Sekisho.Config.Tables;

namespace Sekisho.Config;

/// <summary>
/// The validated, typed view of a <see cref="Configuration"/> that the server runs on. All paths are absolute.
/// Build it with <see cref="FromConfiguration"/>, which checks every parameter Sekisho uses.
/// </summary>
public sealed class SekishoSettings
{
    private SekishoSettings(Configuration configuration)
    {
        Configuration = configuration;
    }

    /// <summary>The configuration these settings were read from.</summary>
    public Configuration Configuration { get; }

    /// <summary>All warnings: the configuration's plus those found while validating (e.g. skipped alias tables).</summary>
    public IReadOnlyList<string> Warnings => Configuration.Warnings;

    /// <summary><c>myhostname</c>: this server's fully qualified host name.</summary>
    public string MyHostname { get; private init; } = "";

    /// <summary><c>mydomain</c>: this server's domain.</summary>
    public string MyDomain { get; private init; } = "";

    /// <summary>
    /// <c>myorigin</c>: the domain locally-posted mail appears to come from. A value starting with <c>/</c>
    /// names a file whose first line is the domain (Debian's <c>myorigin = /etc/mailname</c>).
    /// </summary>
    public string MyOrigin { get; private init; } = "";

    /// <summary><c>mail_name</c>: the product name in the banner and Received headers, normally <c>Sekisho</c>.</summary>
    public string MailName { get; private init; } = "";

    /// <summary>
    /// <c>mydestination</c>: domains delivered locally, as <see cref="DomainListReader"/> reads them: domains in IDNA
    /// ASCII form, <c>.domain</c> for subdomains, <c>type:name</c> tables, <c>!</c> negations; files already expanded.
    /// </summary>
    public IReadOnlyList<string> MyDestination { get; private init; } = [];

    /// <summary><c>relay_domains</c>: remote domains relayed for anyone (entries as for <see cref="MyDestination"/>).</summary>
    public IReadOnlyList<string> RelayDomains { get; private init; } = [];

    /// <summary><c>mynetworks</c>: trusted client networks.</summary>
    public CidrList MyNetworks { get; private init; } = CidrList.Empty;

    /// <summary><c>data_directory</c>: where Sekisho keeps its state.</summary>
    public string DataDirectory { get; private init; } = "";

    /// <summary><c>queue_directory</c>: the mail queue.</summary>
    public string QueueDirectory { get; private init; } = "";

    /// <summary><c>maildir_base</c>: the directory holding each account's Maildir.</summary>
    public string MaildirBase { get; private init; } = "";

    /// <summary>
    /// <c>account_database</c>: the SQLite account file (a full path), or a PostgreSQL URL
    /// (<c>postgresql://user:password@host:port/database</c>) kept as written, so several nodes share one account list.
    /// </summary>
    public string AccountDatabase { get; private init; } = "";

    /// <summary>
    /// <c>maillog_file</c>: the file the server's mail log goes to (absolute), <c>/dev/stdout</c>, or empty for standard
    /// output (Postfix 3.4+; Sekisho writes it itself, no postlogd service needed).
    /// </summary>
    public string MaillogFile { get; private init; } = "";

    /// <summary>SMTP AUTH: mechanisms, security options, throttling.</summary>
    public SaslSettings Sasl { get; private init; } = new();

    /// <summary><c>minimal_backoff_time</c>: the least wait before a deferred message is tried again.</summary>
    public TimeSpan MinimalBackoffTime { get; private init; }

    /// <summary><c>maximal_backoff_time</c>: the longest wait before a deferred message is tried again.</summary>
    public TimeSpan MaximalBackoffTime { get; private init; }

    /// <summary><c>maximal_queue_lifetime</c>: how long a recipient may stay deferred before it is returned.</summary>
    public TimeSpan MaximalQueueLifetime { get; private init; }

    /// <summary><c>bounce_queue_lifetime</c>: the same for bounces.</summary>
    public TimeSpan BounceQueueLifetime { get; private init; }

    /// <summary><c>bounce_size_limit</c>: the largest message (bytes) a non-delivery report returns whole; larger ones come back as headers.</summary>
    public long BounceSizeLimit { get; private init; }

    /// <summary><c>queue_run_delay</c>: how often the deferred queue is scanned.</summary>
    public TimeSpan QueueRunDelay { get; private init; }

    /// <summary><c>default_destination_concurrency_limit</c>: most deliveries at once to one destination (next hop).</summary>
    public int DefaultDestinationConcurrencyLimit { get; private init; }

    /// <summary><c>defer_transports</c>: transports not tried until a flush (<c>sekisho queue flush</c>, ETRN).</summary>
    public IReadOnlyList<string> DeferTransports { get; private init; } = [];

    /// <summary><c>delay_warning_time</c>: after this long deferred, the sender is warned once; zero = never.</summary>
    public TimeSpan DelayWarningTime { get; private init; }

    /// <summary><c>smtpd_etrn_restrictions</c>: validated tokens, applied to ETRN.</summary>
    public IReadOnlyList<string> SmtpdEtrnRestrictions { get; private init; } = [];

    /// <summary><c>fast_flush_domains</c>: the domains ETRN may flush.</summary>
    public IReadOnlyList<string> FastFlushDomains { get; private init; } = [];

    /// <summary>Delivery to other mail servers (relayhost, TLS, AUTH, DNS).</summary>
    public OutboundSettings Outbound { get; private init; } = new();

    /// <summary>The POP3 server and POP-before-SMTP.</summary>
    public PopSettings Pop { get; private init; } = new();

    /// <summary><c>redis_url</c> (Sekisho): the Redis the nodes share (<c>redis://host:port/db</c>), or empty for in-memory state.</summary>
    public string RedisUrl { get; private init; } = "";

    /// <summary><c>smtpd_auth_required</c> (Sekisho): MAIL needs AUTH first (<c>530 5.7.0</c>); on for submission and smtps.</summary>
    public bool AuthRequired { get; private init; }

    /// <summary>The settings a listener of <paramref name="service"/> uses (see <see cref="Configuration.ForService"/>).</summary>
    /// <param name="service"><c>smtp</c>, <c>submission</c> or <c>smtps</c>.</param>
    /// <exception cref="ConfigException">An override has a bad value.</exception>
    public SekishoSettings ForService(string service) => FromConfiguration(Configuration.ForService(service));

    /// <summary>
    /// <c>smtp_listen</c>: SMTP (port 25) endpoints; empty means off. When both <c>0.0.0.0</c> and <c>[::]</c>
    /// appear with one port, bind the IPv6 socket with IPv6-only set.
    /// </summary>
    public IReadOnlyList<ListenEndpoint> SmtpListen { get; private init; } = [];

    /// <summary><c>submission_listen</c>: submission (port 587) endpoints; empty means off.</summary>
    public IReadOnlyList<ListenEndpoint> SubmissionListen { get; private init; } = [];

    /// <summary><c>smtps_listen</c>: implicit-TLS SMTP endpoints; empty (the default) means off.</summary>
    public IReadOnlyList<ListenEndpoint> SmtpsListen { get; private init; } = [];

    /// <summary><c>pop3_listen</c>: POP3 endpoints; empty means off.</summary>
    public IReadOnlyList<ListenEndpoint> Pop3Listen { get; private init; } = [];

    /// <summary><c>pop3s_listen</c>: implicit-TLS POP3 endpoints; empty (the default) means off.</summary>
    public IReadOnlyList<ListenEndpoint> Pop3sListen { get; private init; } = [];

    /// <summary><c>metrics_listen</c> (Sekisho): endpoints serving Prometheus metrics over HTTP; empty (the default) means off.</summary>
    public IReadOnlyList<ListenEndpoint> MetricsListen { get; private init; } = [];

    /// <summary><c>alias_maps</c>: absolute paths of the alias source files, table type prefix removed.</summary>
    public IReadOnlyList<string> AliasMaps { get; private init; } = [];

    /// <summary><c>alias_database</c>: absolute paths of the alias source files that newaliases compiles.</summary>
    public IReadOnlyList<string> AliasDatabase { get; private init; } = [];

    /// <summary><c>message_size_limit</c>: maximal message size in bytes; 0 means no limit.</summary>
    public long MessageSizeLimit { get; private init; }

    /// <summary><c>smtpd_recipient_limit</c>: maximal recipients per message.</summary>
    public int SmtpdRecipientLimit { get; private init; }

    /// <summary><c>smtpd_timeout</c>: how long to wait for a client command or data.</summary>
    public TimeSpan SmtpdTimeout { get; private init; }

    /// <summary><c>smtpd_banner</c>, expanded: the greeting text after <c>220 </c>.</summary>
    public string SmtpdBanner { get; private init; } = "";

    /// <summary><c>smtpd_hard_error_limit</c>: errors after which the session is closed.</summary>
    public int SmtpdHardErrorLimit { get; private init; }

    /// <summary><c>smtpd_soft_error_limit</c>: errors after which replies are delayed.</summary>
    public int SmtpdSoftErrorLimit { get; private init; }

    /// <summary><c>smtpd_error_sleep_time</c>: delay before each error reply past the soft error limit.</summary>
    public TimeSpan SmtpdErrorSleepTime { get; private init; }

    /// <summary><c>smtpd_recipient_overshoot_limit</c>: excess recipients tolerated before each counts as an error.</summary>
    public int SmtpdRecipientOvershootLimit { get; private init; }

    /// <summary><c>default_process_limit</c>: maximal concurrent sessions per listener (at least 1).</summary>
    public int ProcessLimit { get; private init; }

    /// <summary><c>line_length_limit</c>: maximal line length in commands and message content.</summary>
    public int LineLengthLimit { get; private init; }

    /// <summary><c>smtpd_tls_cert_file</c>: absolute path of the existing certificate file, or null when TLS is off.</summary>
    public string? TlsCertFile { get; private init; }

    /// <summary><c>smtpd_tls_key_file</c>: absolute path of the existing key file, or null when TLS is off.</summary>
    public string? TlsKeyFile { get; private init; }

    /// <summary><c>smtpd_forbid_bare_newline</c>: what to do with bare CR or LF in message content.</summary>
    public BareNewlineMode ForbidBareNewline { get; private init; }

    /// <summary><c>recipient_delimiter</c>: the characters that start an address extension; empty for none.</summary>
    public string RecipientDelimiter { get; private init; } = "";

    /// <summary><c>default_postmaster</c>: the account receiving postmaster mail; empty means automatic.</summary>
    public string DefaultPostmaster { get; private init; } = "";

    /// <summary><c>smtpd_delay_reject</c>: wait until RCPT TO before applying client, HELO and sender rejections.</summary>
    public bool DelayReject { get; private init; }

    /// <summary><c>smtpd_client_restrictions</c>: validated tokens (arguments follow their restriction).</summary>
    public IReadOnlyList<string> SmtpdClientRestrictions { get; private init; } = [];

    /// <summary><c>smtpd_helo_restrictions</c>: validated tokens.</summary>
    public IReadOnlyList<string> SmtpdHeloRestrictions { get; private init; } = [];

    /// <summary><c>smtpd_sender_restrictions</c>: validated tokens.</summary>
    public IReadOnlyList<string> SmtpdSenderRestrictions { get; private init; } = [];

    /// <summary><c>smtpd_relay_restrictions</c>: validated tokens.</summary>
    public IReadOnlyList<string> SmtpdRelayRestrictions { get; private init; } = [];

    /// <summary><c>smtpd_recipient_restrictions</c>: validated tokens.</summary>
    public IReadOnlyList<string> SmtpdRecipientRestrictions { get; private init; } = [];

    /// <summary><c>smtpd_data_restrictions</c>: validated tokens, applied to the DATA command (and the first BDAT).</summary>
    public IReadOnlyList<string> SmtpdDataRestrictions { get; private init; } = [];

    /// <summary>
    /// <c>allow_percent_hack</c>: <c>user%domain@ours</c> means <c>user@domain</c> (Sekisho default no; Postfix yes).
    /// The rewritten address then meets the relay policy like any other.
    /// </summary>
    public bool AllowPercentHack { get; private init; }

    /// <summary><c>swap_bangpath</c>: <c>site!user@ours</c> means <c>user@site</c> (Sekisho default no; Postfix yes).</summary>
    public bool SwapBangpath { get; private init; }

    /// <summary>
    /// Whether <c>parent_domain_matches_subdomains</c> names <c>relay_domains</c> (Postfix's default): then a
    /// <c>relay_domains</c> entry <c>example.com</c> also covers <c>sub.example.com</c>.
    /// </summary>
    public bool RelayDomainsMatchSubdomains { get; private init; }

    /// <summary>
    /// <c>allow_mail_to_commands</c> lists <c>alias</c>: <c>|command</c> targets written in aliases(5) files are
    /// delivered (by running the command). Sekisho's default is <see langword="false"/>.
    /// </summary>
    public bool AllowMailToCommands { get; private init; }

    /// <summary><c>allow_mail_to_commands</c> lists <c>include</c>: <c>|command</c> targets in <c>:include:</c> files are delivered.</summary>
    public bool AllowMailToCommandsFromIncludes { get; private init; }

    /// <summary>
    /// <c>allow_mail_to_files</c> lists <c>alias</c>: <c>/file</c> targets written in aliases(5) files are delivered
    /// (by appending to the file). Sekisho's default is <see langword="false"/>.
    /// </summary>
    public bool AllowMailToFiles { get; private init; }

    /// <summary><c>allow_mail_to_files</c> lists <c>include</c>: <c>/file</c> targets in <c>:include:</c> files are delivered.</summary>
    public bool AllowMailToFilesFromIncludes { get; private init; }

    /// <summary>Per-client connection count and rate limits (<c>smtpd_client_connection_*_limit</c>).</summary>
    public ClientLimitSettings ClientLimits { get; private init; } = new();

    /// <summary><c>authorized_submit_users</c>: who may submit mail with the <c>sendmail</c> command (default: anyone).</summary>
    public SubmitUserList AuthorizedSubmitUsers { get; private init; } = SubmitUserList.Anyone;

    /// <summary>Per-request, content and TLS handshake deadlines (<c>smtpd_timeout</c>, <c>smtpd_per_request_deadline</c>...).</summary>
    public SessionDeadlineSettings Deadlines { get; private init; } = new();

    /// <summary><c>default_privs</c>: the user commands run as when the server runs as root; never <c>root</c>.</summary>
    public string DefaultPrivs { get; private init; } = "";

    /// <summary><c>command_time_limit</c>: how long a delivery to a command may run before it is killed and deferred.</summary>
    public TimeSpan CommandTimeLimit { get; private init; }

    /// <summary>A queue lifetime: like Postfix, a bare number means days (<c>5</c> is five days, not seconds).</summary>
    /// <summary>A time whose bare number is in <paramref name="unit"/> (Postfix: days for lifetimes, hours for delay_warning_time).</summary>
    private static TimeSpan ReadTime(SettingReader reader, string name, TimeSpan unit)
    {
        var text = reader.Text(name).Trim();
        return text.Length > 0 && text.All(char.IsAsciiDigit) && int.TryParse(text, out var count)
            ? unit * count
            : reader.Time(name, TimeSpan.Zero);
    }

    private static string ReadRedisUrl(SettingReader reader)
    {
        var text = reader.Text("redis_url").Trim();
        if (text.Length > 0 && (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("redis" or "rediss") || uri.Host.Length == 0))
        {
            throw reader.Error("redis_url", $"bad URL \"{text}\" (expected redis://host:port/db or rediss://...)");
        }
        return text;
    }

    private static string ReadAccountDatabase(SettingReader reader)
    {
        var text = reader.RequiredText("account_database").Trim();
        return text.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
            ? text
            : reader.Path("account_database");
    }

    /// <summary>Validates every parameter Sekisho uses and builds the typed settings.</summary>
    /// <remarks>Warnings found here are added to <see cref="Configuration.Warnings"/>.</remarks>
    /// <exception cref="ConfigException">A bad value, located at the line that sets the parameter.</exception>
    public static SekishoSettings FromConfiguration(Configuration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var reader = new SettingReader(configuration);
        var listeners = new ListenerReader(reader);
        var (certFile, keyFile) = TlsFiles.Read(reader);
        var commands = MailToListReader.Read(reader, "allow_mail_to_commands");
        var files = MailToListReader.Read(reader, "allow_mail_to_files");
        var settings = new SekishoSettings(configuration)
        {
            MyHostname = reader.HostName("myhostname"),
            MyDomain = reader.HostName("mydomain"),
            MyOrigin = ReadOrigin(reader),
            MailName = reader.RequiredText("mail_name"),
            MyDestination = DomainListReader.Read(reader, "mydestination"),
            RelayDomains = DomainListReader.Read(reader, "relay_domains"),
            MyNetworks = NetworkListReader.Read(reader, "mynetworks"),
            DataDirectory = reader.Path("data_directory"),
            QueueDirectory = reader.Path("queue_directory"),
            MaildirBase = reader.Path("maildir_base"),
            AccountDatabase = ReadAccountDatabase(reader),
            MaillogFile = reader.Text("maillog_file").Trim() is { Length: > 0 } maillog ? reader.Configuration.ResolvePath(maillog) : "",
            Sasl = SaslSettingsReader.Read(reader),
            AuthRequired = reader.Boolean("smtpd_auth_required"),
            RedisUrl = ReadRedisUrl(reader),
            Pop = PopSettingsReader.Read(reader),
            Outbound = OutboundSettingsReader.Read(reader, listeners.Protocols),
            MinimalBackoffTime = reader.Time("minimal_backoff_time", TimeSpan.FromSeconds(1)),
            MaximalBackoffTime = reader.Time("maximal_backoff_time", TimeSpan.FromSeconds(1)),
            QueueRunDelay = reader.Time("queue_run_delay", TimeSpan.FromSeconds(1)),
            MaximalQueueLifetime = ReadTime(reader, "maximal_queue_lifetime", TimeSpan.FromDays(1)),
            BounceQueueLifetime = ReadTime(reader, "bounce_queue_lifetime", TimeSpan.FromDays(1)),
            DefaultDestinationConcurrencyLimit = reader.Integer("default_destination_concurrency_limit", minimum: 1),
            DeferTransports = reader.List("defer_transports"),
            DelayWarningTime = ReadTime(reader, "delay_warning_time", TimeSpan.FromHours(1)),
            SmtpdEtrnRestrictions = RestrictionListValidator.Read(reader, "smtpd_etrn_restrictions"),
            FastFlushDomains = DomainListReader.Read(reader, "fast_flush_domains"),
            SmtpListen = listeners.Read("smtp_listen"),
            SubmissionListen = listeners.Read("submission_listen"),
            SmtpsListen = listeners.Read("smtps_listen"),
            Pop3Listen = listeners.Read("pop3_listen"),
            Pop3sListen = listeners.Read("pop3s_listen"),
            MetricsListen = listeners.Read("metrics_listen"),
            AliasMaps = AliasTableReader.Read(reader, "alias_maps"),
            AliasDatabase = AliasTableReader.Read(reader, "alias_database"),
            MessageSizeLimit = reader.Size("message_size_limit"),
            BounceSizeLimit = reader.Size("bounce_size_limit"),
            SmtpdRecipientLimit = reader.Integer("smtpd_recipient_limit"),
            SmtpdTimeout = reader.Time("smtpd_timeout", TimeSpan.FromSeconds(1)),
            SmtpdBanner = reader.RequiredText("smtpd_banner"),
            SmtpdHardErrorLimit = reader.Integer("smtpd_hard_error_limit"),
            SmtpdSoftErrorLimit = reader.Integer("smtpd_soft_error_limit"),
            SmtpdErrorSleepTime = reader.Time("smtpd_error_sleep_time", TimeSpan.Zero),
            SmtpdRecipientOvershootLimit = reader.Integer("smtpd_recipient_overshoot_limit"),
            ProcessLimit = reader.Integer("default_process_limit", minimum: 1),
            ClientLimits = ClientLimitSettingsReader.ReadLimits(reader),
            Deadlines = ClientLimitSettingsReader.ReadDeadlines(reader),
            LineLengthLimit = reader.Integer("line_length_limit"),
            TlsCertFile = certFile,
            TlsKeyFile = keyFile,
            ForbidBareNewline = ReadBareNewline(reader),
            RecipientDelimiter = reader.Text("recipient_delimiter").Trim(),
            DefaultPostmaster = reader.Text("default_postmaster").Trim(),
            DelayReject = reader.Boolean("smtpd_delay_reject"),
            SmtpdClientRestrictions = RestrictionListValidator.Read(reader, "smtpd_client_restrictions"),
            SmtpdHeloRestrictions = RestrictionListValidator.Read(reader, "smtpd_helo_restrictions"),
            SmtpdSenderRestrictions = RestrictionListValidator.Read(reader, "smtpd_sender_restrictions"),
            SmtpdRelayRestrictions = RestrictionListValidator.Read(reader, "smtpd_relay_restrictions"),
            SmtpdRecipientRestrictions = RestrictionListValidator.Read(reader, "smtpd_recipient_restrictions"),
            SmtpdDataRestrictions = RestrictionListValidator.Read(reader, "smtpd_data_restrictions"),
            AllowPercentHack = reader.Boolean("allow_percent_hack"),
            SwapBangpath = reader.Boolean("swap_bangpath"),
            RelayDomainsMatchSubdomains = reader.List("parent_domain_matches_subdomains").Contains("relay_domains", StringComparer.Ordinal),
            AllowMailToCommands = commands.Alias,
            AllowMailToCommandsFromIncludes = commands.Include,
            AllowMailToFiles = files.Alias,
            AllowMailToFilesFromIncludes = files.Include,
            DefaultPrivs = DefaultPrivsReader.Read(reader),
            CommandTimeLimit = reader.Time("command_time_limit", TimeSpan.FromSeconds(1)),
            AuthorizedSubmitUsers = SubmitUserListReader.Read(reader),
        };
        WarnIfOpenRelay(reader, settings);
        return settings;
    }

    private static string ReadOrigin(SettingReader reader)
    {
        const string name = "myorigin";
        var text = reader.RequiredText(name);
        if (!text.StartsWith('/'))
        {
            return reader.HostName(name);
        }
        var path = reader.Configuration.ResolvePath(text);
        if (!File.Exists(path))
        {
            throw reader.Error(name, $"missing file \"{path}\"");
        }
        var origin = File.ReadLines(path).Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0 && l[0] != '#') ?? "";
        return reader.ValidHostName(name, origin);
    }

    private static BareNewlineMode ReadBareNewline(SettingReader reader)
    {
        const string name = "smtpd_forbid_bare_newline";
        var text = reader.RequiredText(name);
        switch (text.ToLowerInvariant())
        {
            case "normalize":
            case "yes":
                return BareNewlineMode.Normalize;
            case "reject":
                return BareNewlineMode.Reject;
            case "no":
                reader.Warn(name, "\"no\" is treated as normalize: Sekisho never accepts a bare newline as a line ending");
                return BareNewlineMode.Normalize;
            default:
                throw reader.Error(name, $"bad value \"{text}\" (use normalize, reject, yes or no)");
        }
    }

    private static void WarnIfOpenRelay(SettingReader reader, SekishoSettings settings)
    {
        var configuration = settings.Configuration;
        if (configuration.IsSetInFile("smtpd_recipient_restrictions") && !configuration.IsSetInFile("smtpd_relay_restrictions"))
        {
            reader.Warn("smtpd_recipient_restrictions",
                "smtpd_relay_restrictions is not set: relaying is decided by smtpd_recipient_restrictions alone, as in Postfix before 2.10");
        }
        if (!settings.SmtpdRelayRestrictions.Concat(settings.SmtpdRecipientRestrictions).Any(RestrictionNames.RelayControl.Contains))
        {
            reader.Warn("smtpd_relay_restrictions",
                "neither smtpd_relay_restrictions nor smtpd_recipient_restrictions has reject_unauth_destination, " +
                "defer_unauth_destination, reject or defer (an open relay; Postfix refuses such mail with 451 4.3.5)");
        }
    }
}
