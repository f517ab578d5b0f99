"""Sends one message with Python's smtplib, exactly as given, and prints what happened as one JSON object.

usage: smtplib_send.py PORT MESSAGE_FILE --from ADDR --to ADDR [--to ADDR ...]
                       [--mail-option OPT ...] [--source-address IP] [--starttls]
                       [--auth MECHANISM --user NAME --password SECRET]

The message file's bytes go to SMTP.sendmail() unchanged (bytes are sent as they are; smtplib only
dot-stuffs and adds the final CRLF.CRLF). Exit code 0 when the message was accepted, 1 otherwise.
Standard library only.
"""
import argparse
import json
import smtplib
import ssl
import sys


def text(reply):
    return reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("port", type=int)
    parser.add_argument("message_file")
    parser.add_argument("--from", dest="sender", required=True)
    parser.add_argument("--to", dest="recipients", action="append", required=True)
    parser.add_argument("--mail-option", dest="mail_options", action="append", default=[])
    parser.add_argument("--source-address")
    parser.add_argument("--starttls", action="store_true")
    parser.add_argument("--auth", help="PLAIN, LOGIN or CRAM-MD5: log in with exactly this mechanism")
    parser.add_argument("--user")
    parser.add_argument("--password")
    args = parser.parse_args()

    with open(args.message_file, "rb") as f:
        message = f.read()

    result = {"result": "sent", "tls": None, "features": []}
    source = (args.source_address, 0) if args.source_address else None
    try:
        with smtplib.SMTP("127.0.0.1", args.port, local_hostname="python.client.example",
                          timeout=20, source_address=source) as client:
            client.ehlo()
            if args.starttls:
                context = ssl.create_default_context()
                context.check_hostname = False
                context.verify_mode = ssl.CERT_NONE
                client.starttls(context=context)
                client.ehlo()
                result["tls"] = client.sock.version()
            result["features"] = sorted(client.esmtp_features.keys())
            if args.auth:
                client.user, client.password = args.user, args.password
                method = getattr(client, "auth_" + args.auth.lower().replace("-", "_"))
                code, reply = client.auth(args.auth, method)
                result["auth"] = [code, text(reply)]
            refused = client.sendmail(args.sender, args.recipients, message, mail_options=args.mail_options)
            result["refused"] = {rcpt: [code, text(reply)] for rcpt, (code, reply) in refused.items()}
    except smtplib.SMTPRecipientsRefused as error:
        result["result"] = "SMTPRecipientsRefused"
        result["refused"] = {rcpt: [code, text(reply)] for rcpt, (code, reply) in error.recipients.items()}
    except smtplib.SMTPResponseException as error:
        result["result"] = type(error).__name__
        result["code"] = error.smtp_code
        result["reply"] = text(error.smtp_error)
    except (smtplib.SMTPException, OSError) as error:
        result["result"] = type(error).__name__
        result["reply"] = str(error)
    json.dump(result, sys.stdout)
    return 0 if result["result"] == "sent" else 1


if __name__ == "__main__":
    sys.exit(main())
