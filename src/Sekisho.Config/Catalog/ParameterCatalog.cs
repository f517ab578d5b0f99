namespace Sekisho.Config;

/// <summary>
/// Every parameter Sekisho knows: the ones it uses, with Postfix's defaults unless noted, and Postfix
/// parameters it accepts but ignores for now. A name outside the catalogue gives an "unknown parameter" warning.
/// </summary>
public static class ParameterCatalog
{
    private const string ListenerSource = "inet_interfaces, inet_protocols";

    private static readonly Lazy<Index> Catalogue = new(Build);

    /// <summary>All known parameters, sorted by name.</summary>
    public static IReadOnlyList<ParameterDefinition> All => Catalogue.Value.Sorted;

    /// <summary>Looks a parameter up by its exact (case-sensitive) name.</summary>
    /// <returns>The definition, or null for a name Sekisho does not know.</returns>
    public static ParameterDefinition? Find(string name) =>
        Catalogue.Value.ByName.GetValueOrDefault(name);

    private static Index Build()
    {
        var hostName = HostIdentity.DefaultHostName;
        ParameterDefinition[] used =
        [
            Used("myhostname", hostName, "Internet host name of this mail system (default: the machine's name, .localdomain added when it has no dot)"),
            Used("mydomain", HostIdentity.DomainOf(hostName), "Internet domain of this mail system (default: $myhostname minus its first label)") with { DerivedFrom = "myhostname" },
            Used("myorigin", "$myhostname", "Domain that locally-posted mail appears to come from"),
            Used("mydestination", "$myhostname, localhost.$mydomain, localhost", "Domains delivered locally"),
            Used("mynetworks", "127.0.0.0/8 [::1]/128", "Trusted client networks (CIDR) that may relay"),
            Used("inet_interfaces", "all", "Addresses to listen on: all, loopback-only, localhost or a list of addresses"),
            Used("inet_protocols", "all", "Address families to listen on and deliver over: all, ipv4, ipv6"),
            Used("relay_domains", "$mydestination", "Remote domains this server relays mail to from anyone"),
            Used("data_directory", "/var/lib/sekisho", "Directory for Sekisho's writable state"),
            Used("queue_directory", "$data_directory/queue", "Mail queue directory"),
            Used("maildir_base", "$data_directory/mail", "Sekisho: directory holding each account's Maildir"),
            Used("account_database", "$data_directory/accounts.db", "Sekisho: the account database file"),
            Used("maillog_file", "", "File the mail log goes to instead of standard output (/dev/stdout: standard output); reopened on SIGHUP"),
            Used("alias_maps", "hash:/etc/aliases", "Alias tables used for local delivery"),
            Used("alias_database", "hash:/etc/aliases", "Alias tables that newaliases compiles"),
            Used("message_size_limit", "10240000", "Maximal message size in bytes (0 = no limit)"),
            Used("smtpd_recipient_limit", "1000", "Maximal recipients per message"),
            Used("smtpd_timeout", "300s", "Time limit for a client to send a command or data"),
            Used("smtpd_banner", "$myhostname ESMTP $mail_name", "Text after the 220 code in the greeting"),
            Used("mail_name", "Sekisho", "Mail system name shown in the banner and in Received headers"),
            Used("smtpd_hard_error_limit", "20", "Errors after which the server disconnects"),
            Used("smtpd_soft_error_limit", "10", "Errors after which the server slows down"),
            Used("smtpd_error_sleep_time", "1s", "Delay before each error reply once the soft error limit is passed"),
            Used("smtpd_recipient_overshoot_limit", "1000", "Recipients over smtpd_recipient_limit tolerated before they count as errors"),
            Used("default_process_limit", "100", "Maximal concurrent sessions per listener"),
            Used("smtpd_client_connection_count_limit", "50", "Concurrent sessions one client address may have on one SMTP service (0 = no limit)"),
            Used("smtpd_client_connection_rate_limit", "0", "Connections one client address may open per anvil_rate_time_unit on one SMTP service (0 = no limit)"),
            Used("anvil_rate_time_unit", "60s", "The time unit over which client connection rates are counted"),
            Used("smtpd_client_event_limit_exceptions", "$mynetworks", "Clients exempt from the per-client connection limits (mynetworks syntax)"),
            Used("smtpd_per_request_deadline", "yes", "DATA and each BDAT chunk get one deadline (smtpd_timeout, extended by smtpd_min_data_rate) instead of a time limit per read (Postfix's default is no)"),
            Used("smtpd_min_data_rate", "500", "Bytes per second of message content that extend the DATA/BDAT deadline"),
            Used("smtpd_starttls_timeout", "300s", "Time limit for the TLS handshake after STARTTLS or on the SMTPS port"),
            Used("line_length_limit", "2048", "Maximal length of a line in a message or command"),
            Used("smtpd_tls_cert_file", "", "PEM certificate chain for TLS (STARTTLS and SMTPS)"),
            Used("smtpd_tls_key_file", "", "PEM private key for smtpd_tls_cert_file"),
            Used("smtpd_forbid_bare_newline", "normalize", "Bare CR or LF in message content: normalize, reject (yes = normalize)"),
            Used("recipient_delimiter", "", "Characters that separate a user name from an address extension (user+ext)"),
            Used("default_postmaster", "", "Sekisho: account that receives postmaster mail (empty = automatic)"),
            Used("smtp_listen", "0.0.0.0:25 [::]:25", "Sekisho: SMTP listen addresses (default: from inet_interfaces, port 25)") with { DerivedFrom = ListenerSource },
            Used("submission_listen", "0.0.0.0:587 [::]:587", "Sekisho: submission listen addresses (default: from inet_interfaces, port 587)") with { DerivedFrom = ListenerSource },
            Used("smtps_listen", "", "Sekisho: SMTPS (implicit TLS) listen addresses, empty = off"),
            Used("pop3_listen", "0.0.0.0:110 [::]:110", "Sekisho: POP3 listen addresses (default: from inet_interfaces, port 110)") with { DerivedFrom = ListenerSource },
            Used("pop3s_listen", "", "Sekisho: POP3S (implicit TLS) listen addresses, empty = off"),
            Used("metrics_listen", "", "Sekisho: HTTP listen addresses serving Prometheus metrics (GET /metrics), e.g. 127.0.0.1:9250; empty = off"),
            Used("smtpd_client_restrictions", "", "Restrictions applied when a client connects"),
            Used("smtpd_helo_restrictions", "", "Restrictions applied to HELO/EHLO"),
            Used("smtpd_sender_restrictions", "", "Restrictions applied to MAIL FROM"),
            Used("smtpd_relay_restrictions", "permit_mynetworks, permit_sasl_authenticated, permit_pop_before_smtp, reject_unauth_destination", "Relay-control restrictions applied to RCPT TO (Sekisho refuses with 554 where Postfix's default defers with 454)"),
            Used("smtpd_recipient_restrictions", "", "Spam-blocking restrictions applied to RCPT TO"),
            Used("smtpd_data_restrictions", "", "Restrictions applied to the DATA command (and the first BDAT)"),
            Used("allow_percent_hack", "no", "Rewrite user%domain@ours as user@domain (Sekisho default no; Postfix yes)"),
            Used("swap_bangpath", "no", "Rewrite site!user@ours as user@site (Sekisho default no; Postfix yes)"),
            Used("parent_domain_matches_subdomains", "debug_peer_list, fast_flush_domains, mynetworks, permit_mbox_mailer_mynetworks, qmqpd_authorized_clients, relay_domains, smtpd_access_maps",
                "Where a domain entry also matches its subdomains (Sekisho uses the relay_domains item)"),
            Used("smtpd_auth_required", "no", "Sekisho: MAIL needs AUTH first (530 5.7.0); yes for submission and smtps"),
            Used("smtpd_sasl_auth_enable", "yes", "Offer SMTP AUTH (Sekisho default yes; Postfix no)"),
            Used("smtpd_sasl_mechanisms", "PLAIN LOGIN SCRAM-SHA-256 SCRAM-SHA-1", "Sekisho: SASL mechanisms offered (also CRAM-MD5, DIGEST-MD5: they store password-equivalent secrets)"),
            Used("smtpd_sasl_security_options", "noanonymous", "SASL mechanism properties refused without TLS: noanonymous, noplaintext, noactive, nodictionary, mutual_auth"),
            Used("smtpd_sasl_tls_security_options", "$smtpd_sasl_security_options", "SASL mechanism properties refused under TLS"),
            Used("smtpd_sasl_local_domain", "", "SASL realm; user@this-domain logs in as user"),
            Used("smtpd_tls_auth_only", "yes", "Offer AUTH only after STARTTLS (Sekisho default yes; Postfix no)"),
            Used("broken_sasl_auth_clients", "no", "Also announce AUTH=MECHANISMS for old clients"),
            Used("smtpd_sasl_authenticated_header", "no", "Name the SASL login in the Received: header"),
            Used("smtpd_sender_login_maps", "", "Tables of sender address to owning SASL login(s) (empty: a login owns login@each local domain)"),
            Used("smtpd_auth_failure_limit", "5", "Sekisho: failed AUTH per client address within smtpd_auth_failure_window before AUTH is refused (0 = no limit)"),
            Used("smtpd_auth_failure_window", "10m", "Sekisho: how long a failed AUTH counts"),
            Used("smtpd_auth_penalty_time", "60s", "Sekisho: first lock-out after too many failures; each further one doubles (at most a day)"),
            Used("smtpd_auth_failure_delay", "1s", "Sekisho: pause before each failed-AUTH reply"),
            Used("redis_url", "", "Sekisho: Redis shared by the nodes of a cluster (AUTH failure counts, POP-before-SMTP), e.g. redis://127.0.0.1:6379/0; empty = in memory"),
            Used("pop3_timeout", "10m", "Sekisho: idle time before a POP3 session is closed"),
            Used("pop3_enable_apop", "no", "Sekisho: APOP (RFC 1939); stores each password encrypted under $data_directory/apop.key (password-equivalent)"),
            Used("pop_before_smtp_expire", "30m", "Sekisho: how long a POP3 login lets its client address relay"),
            Used("pop_before_smtp_ipv6_prefix", "128", "Sekisho: IPv6 clients are authorized by this prefix length (128 = the exact address)"),
            Used("relay_authorization_store", "$redis_url", "Sekisho: where POP-before-SMTP authorizations live: empty = SQLite in $data_directory, or redis://host:port/db"),
            Used("pop_before_smtp_updaters", "", "Sekisho (DRAC's dracd.allow): nodes (myhostname) whose POP3 logins authorize relaying; empty = every node"),
            Used("relayhost", "", "Next hop for non-local mail: [host]:port (no MX lookup), host:port (MX lookup); empty = direct by MX"),
            Used("transport_maps", "", "Per-destination routes, e.g. example.com smtp:[10.0.0.5]:25"),
            Used("sender_dependent_relayhost_maps", "", "Per-sender relayhost"),
            Used("smtp_tls_security_level", "may", "Outgoing STARTTLS: none, may (opportunistic), encrypt, verify (Sekisho default may; Postfix empty = none)"),
            Used("smtp_sasl_auth_enable", "no", "Authenticate to the next hop with smtp_sasl_password_maps"),
            Used("smtp_sasl_password_maps", "", "Credentials per next hop: [host]:port user:password"),
            Used("smtp_sasl_security_options", "noplaintext, noanonymous", "Outgoing SASL mechanism restrictions without TLS"),
            Used("smtp_sasl_tls_security_options", "noanonymous", "Outgoing SASL mechanism restrictions under TLS"),
            Used("smtp_helo_name", "$myhostname", "The name the SMTP client sends in EHLO"),
            Used("smtp_dns_servers", "", "Sekisho: DNS servers for MX lookups (host or host:port list); empty = the system's"),
            Used("smtp_dns_timeout", "5s", "Sekisho: time limit for one DNS query of the SMTP client (one retry follows)"),
            Used("disable_dns_lookups", "no", "Do not use DNS for outgoing mail (hosts come from /etc/hosts)"),
            Used("smtp_connect_timeout", "30s", "Time limit for connecting to a next hop"),
            Used("smtp_tcp_port", "25", "Port of a next hop that names none (MX hosts, relayhost without :port): a number or smtp, submission, submissions, smtps, lmtp"),
            Used("smtp_dns_support_level", "", "DNS in the SMTP client: enabled, disabled, dnssec (treated as enabled); empty = disable_dns_lookups decides"),
            Used("smtp_host_lookup", "dns", "How the SMTP client finds host addresses: dns, native (/etc/hosts, nsswitch) or dns, native"),
            Used("smtp_address_preference", "any", "Address family tried first for a host that has both: any, ipv4, ipv6"),
            Used("smtp_mx_address_limit", "5", "Most addresses tried for one destination (0 = no limit)"),
            Used("smtp_mx_session_limit", "2", "Most sessions past EHLO/TLS for one destination (0 = no limit)"),
            Used("smtp_connection_cache_on_demand", "yes", "Keep a session that delivered open for the next message to the same server"),
            Used("smtp_connection_cache_time_limit", "2s", "How long a cached session waits for the next message"),
            Used("smtp_connection_reuse_time_limit", "300s", "A session older than this is not reused"),
            Used("smtp_skip_5xx_greeting", "yes", "A 5xx greeting moves on to the next host instead of returning the mail"),
            Used("smtp_defer_if_no_mx_address_found", "no", "Defer instead of returning mail when no MX host has an address"),
            Used("smtp_sasl_mechanism_filter", "", "SASL mechanisms the SMTP client may use (names, e.g. plain, login); empty = all"),
            Used("smtp_helo_timeout", "300s", "Time limit for the greeting and EHLO/HELO (and AUTH) of a next hop"),
            Used("smtp_starttls_timeout", "300s", "Time limit for STARTTLS and the TLS handshake with a next hop"),
            Used("smtp_mail_timeout", "300s", "Time limit for MAIL FROM and its reply"),
            Used("smtp_rcpt_timeout", "300s", "Time limit for RCPT TO and its reply"),
            Used("smtp_data_init_timeout", "120s", "Time limit for DATA and its 354 reply"),
            Used("smtp_data_xfer_timeout", "180s", "Longest time the content transfer may make no progress"),
            Used("smtp_data_done_timeout", "600s", "Time limit for the final \".\" (or last BDAT) and its reply"),
            Used("smtp_quit_timeout", "300s", "Time limit for QUIT and its reply"),
            Used("minimal_backoff_time", "300s", "Least time a deferred message waits before the next attempt"),
            Used("maximal_backoff_time", "4000s", "Longest time a deferred message waits before the next attempt"),
            Used("maximal_queue_lifetime", "5d", "Time a deferred recipient may stay in the queue before it is returned to the sender"),
            Used("bounce_queue_lifetime", "5d", "The same for bounces (mail from the null sender), which are then dropped"),
            Used("bounce_size_limit", "50000", "Largest original message returned whole (message/rfc822) in a non-delivery report; larger ones come back as headers only"),
            Used("queue_run_delay", "300s", "How often the deferred queue is scanned"),
            Used("default_destination_concurrency_limit", "20", "Most deliveries at once to one destination (next hop); default_process_limit bounds them all"),
            Used("defer_transports", "", "Transports whose mail waits for a flush (sekisho queue flush, ETRN), e.g. smtp on a dial-up host"),
            Used("delay_warning_time", "0h", "Warn the sender once after mail was deferred this long; 0 = never"),
            Used("smtpd_etrn_restrictions", "", "Restrictions applied to ETRN"),
            Used("fast_flush_domains", "$relay_domains", "Domains whose deferred mail ETRN may flush"),
            Used("smtpd_delay_reject", "yes", "Wait until RCPT TO before rejecting client, HELO and sender restrictions"),
            Used("allow_mail_to_commands", "", "Where alias targets |command may come from: alias, forward, include (Sekisho: default empty = refused; Postfix: alias, forward)"),
            Used("allow_mail_to_files", "", "Where alias targets /file may come from: alias, forward, include (Sekisho: default empty = refused; Postfix: alias, forward)"),
            Used("default_privs", "nobody", "User that commands run as and files are written for when the server runs as root (never root)"),
            Used("authorized_submit_users", "static:anyone", "Users who may submit mail with the sendmail command: login names, !name, static:anyone; empty = no one"),
            Used("command_time_limit", "1000s", "Time limit for delivery to a command; the command is then killed and the mail deferred"),
        ];
        var all = used.Concat(NotYetUsedParameters.All).ToArray();
        Array.Sort(all, (a, b) => string.CompareOrdinal(a.Name, b.Name));
        return new Index(all, all.ToDictionary(p => p.Name, StringComparer.Ordinal));
    }

    private static ParameterDefinition Used(string name, string defaultValue, string description) =>
        new(name, defaultValue, description, UsedBySekisho: true);

    private sealed record Index(IReadOnlyList<ParameterDefinition> Sorted, IReadOnlyDictionary<string, ParameterDefinition> ByName);
}
