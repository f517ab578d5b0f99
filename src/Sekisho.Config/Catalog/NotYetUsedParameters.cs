namespace Sekisho.Config;

/// <summary>
/// Postfix parameters Sekisho recognises but does not act on yet. Setting one is not an error (a Postfix
/// main.cf should load) but gives a "not used by Sekisho yet" warning, so nobody believes it took effect.
/// </summary>
internal static class NotYetUsedParameters
{
    /// <summary>The definitions, with Postfix's defaults.</summary>
    public static IReadOnlyList<ParameterDefinition> All { get; } =
    [
        Ignored("smtpd_sasl_type", "cyrus", "SASL plug-in type"),
        Ignored("smtpd_sasl_path", "smtpd", "SASL plug-in configuration path"),
        Ignored("smtp_tls_CApath", "", "Outgoing SMTP trusted CA directory"),
        Ignored("smtp_tls_CAfile", "", "Outgoing SMTP trusted CA file"),
        Ignored("smtp_tls_session_cache_database", "", "Outgoing SMTP TLS session cache"),
        Ignored("smtpd_use_tls", "no", "Obsolete: announce STARTTLS"),
        Ignored("smtpd_tls_security_level", "", "Incoming SMTP TLS level"),
        Ignored("smtpd_tls_loglevel", "0", "TLS logging detail"),
        Ignored("smtpd_tls_received_header", "no", "Record TLS details in Received headers"),
        Ignored("smtpd_tls_session_cache_database", "", "Incoming SMTP TLS session cache"),
        Ignored("smtpd_tls_CAfile", "", "Trusted CA file for client certificates"),
        Ignored("smtpd_tls_CApath", "", "Trusted CA directory for client certificates"),
        Ignored("smtpd_tls_protocols", "!SSLv2, !SSLv3", "TLS protocols offered"),
        Ignored("smtpd_tls_mandatory_protocols", "!SSLv2, !SSLv3", "TLS protocols required with mandatory TLS"),
        Ignored("smtpd_tls_chain_files", "", "Key and certificate chain files"),
        Ignored("smtpd_milters", "", "Milter applications for SMTP mail"),
        Ignored("non_smtpd_milters", "", "Milter applications for locally submitted mail"),
        Ignored("milter_default_action", "tempfail", "What to do when a milter fails"),
        Ignored("milter_protocol", "6", "Milter protocol version"),
        Ignored("home_mailbox", "", "Mailbox file or Maildir relative to the home directory"),
        Ignored("mailbox_command", "", "External command for local delivery"),
        Ignored("mailbox_transport", "", "Transport for local mailbox delivery"),
        Ignored("mailbox_size_limit", "51200000", "Maximal mailbox size"),
        Ignored("local_recipient_maps", "proxy:unix:passwd.byname $alias_maps", "Known local recipients"),
        Ignored("virtual_alias_maps", "", "Virtual alias tables"),
        Ignored("virtual_alias_domains", "$virtual_alias_maps", "Virtual alias domains"),
        Ignored("virtual_mailbox_domains", "$virtual_mailbox_maps", "Virtual mailbox domains"),
        Ignored("virtual_mailbox_maps", "", "Virtual mailbox tables"),
        Ignored("virtual_transport", "virtual", "Transport for virtual mailbox domains"),
        Ignored("header_checks", "", "Header inspection tables"),
        Ignored("body_checks", "", "Body inspection tables"),
        Ignored("smtputf8_enable", "yes", "Announce SMTPUTF8"),
        Ignored("compatibility_level", "0", "Postfix backwards-compatibility level"),
        Ignored("biff", "yes", "Notify the local biff service"),
        Ignored("append_dot_mydomain", "no", "Append .$mydomain to incomplete addresses"),
        Ignored("readme_directory", "no", "Postfix README files"),
        Ignored("command_directory", "/usr/sbin", "Postfix administrative commands"),
        Ignored("daemon_directory", "/usr/libexec/postfix", "Postfix daemon programs"),
        Ignored("meta_directory", "/etc/postfix", "Postfix non-executable files"),
        Ignored("shlib_directory", "no", "Postfix shared libraries"),
        Ignored("mail_owner", "postfix", "Owner of the Postfix queue"),
        Ignored("setgid_group", "postdrop", "Group for mail submission"),
        Ignored("html_directory", "no", "Postfix HTML documentation"),
        Ignored("manpage_directory", "/usr/local/man", "Postfix manual pages"),
        Ignored("sample_directory", "/etc/postfix", "Postfix sample files"),
        Ignored("sendmail_path", "/usr/sbin/sendmail", "Sendmail-compatible command"),
        Ignored("newaliases_path", "/usr/bin/newaliases", "Newaliases command"),
        Ignored("mailq_path", "/usr/bin/mailq", "Mailq command"),
        Ignored("unknown_local_recipient_reject_code", "550", "Reply code for unknown local recipients"),
        Ignored("disable_vrfy_command", "no", "Disable the VRFY command"),
        Ignored("smtpd_helo_required", "no", "Require HELO or EHLO before MAIL FROM"),
    ];

    private static ParameterDefinition Ignored(string name, string defaultValue, string description) =>
        new(name, defaultValue, description, UsedBySekisho: false);
}
