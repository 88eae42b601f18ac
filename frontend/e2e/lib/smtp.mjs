// A real SMTP server on loopback that keeps every message it receives, parsed.
import { simpleParser } from 'mailparser'
import { SMTPServer } from 'smtp-server'
import { waitUntil } from './env.mjs'

export async function startSmtpCatcher(port) {
  const messages = []
  const server = new SMTPServer({
    // Plain loopback SMTP: no TLS upgrade or login to negotiate with the app's mail client.
    disabledCommands: ['STARTTLS', 'AUTH'],
    authOptional: true,
    logger: false,
    // Addresses starting with "bounce." are refused for good, so the app's retries run out and
    // the message becomes a dead letter an administrator can see and retry.
    onRcptTo(address, _session, callback) {
      if (address.address.toLowerCase().startsWith('bounce.')) {
        const error = new Error('5.1.1 mailbox unavailable')
        error.responseCode = 550
        callback(error)
        return
      }
      callback()
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          messages.push({
            to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
            subject: mail.subject ?? '',
            text: mail.text ?? '',
            html: typeof mail.html === 'string' ? mail.html : '',
          })
          callback()
        })
        .catch(callback)
    },
  })
  await new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', resolve)
  })

  return {
    messages,
    /** The first message to `recipient` whose text contains a link to `pathPart`; returns that link. */
    async waitForLink(recipient, pathPart, timeoutMs = 30_000) {
      const re = new RegExp(`https?://[^\\s"'<>]*${pathPart.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\?token=[^\\s"'<>]+`)
      return waitUntil(
        `an e-mail to ${recipient} with a ${pathPart} link`,
        () => {
          for (const m of messages) {
            if (!m.to.includes(recipient.toLowerCase())) continue
            const found = (m.text.match(re) ?? m.html.match(re))?.[0]
            if (found) return found.replace(/&amp;/g, '&')
          }
          return null
        },
        timeoutMs,
      )
    },
    close: () => new Promise((resolve) => server.close(resolve)),
  }
}
