# Sourced by the benchmark scripts: private_postfix_conf DIR prints the main.cf lines that make a private Postfix
# instance live under DIR (etc/, spool/, data/) with Debian's programs, so that `postfix -c DIR/etc` and
# `sendmail -C DIR/etc` use it and nothing of the system's /etc/postfix. The caller appends its own settings.
private_postfix_conf() {
  local dir=$1
  cat <<CF
config_directory = $dir/etc
queue_directory = $dir/spool
data_directory = $dir/data
command_directory = /usr/sbin
daemon_directory = /usr/lib/postfix/sbin
meta_directory = /etc/postfix
shlib_directory = /usr/lib/postfix
mail_owner = postfix
setgid_group = postdrop
inet_interfaces = loopback-only
inet_protocols = ipv4
smtp_dns_support_level = disabled
compatibility_level = 3.6
CF
}
