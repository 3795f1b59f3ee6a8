import { DateTime } from "luxon";
import type { WaitStatus } from "../../routing";

const CHANNEL_WORDS: Record<string, string> = {
  email: "by email",
  sms: "by SMS",
  whatsapp: "on WhatsApp",
  voice: "by phone",
  web_chat: "in this chat",
  mobile: "in the app",
};

/** The zone's city as people say it: "America/New_York" → "New York". */
const city = (zone: string) => (zone.split("/").at(-1) ?? zone).replace(/_/g, " ");

/**
 * What the customer is told while the case is with the team, honestly: their place in line and
 * an estimate called an estimate, or — outside the queue's hours — when a person will answer
 * and on which channel. Null when the case is not in a queue.
 */
export function waitNotice(status: WaitStatus, currentChannel: string): string | null {
  switch (status.state) {
    case "none":
      return null;
    case "assigned":
      return "A member of our team has your conversation and will reply here.";
    case "queued": {
      const place = status.position === 1 ? "You're next in line for our team" : `You're number ${status.position} in line for our team`;
      const minutes = status.estimatedWaitMinutes;
      return `${place}; the estimated wait is about ${minutes} minute${minutes === 1 ? "" : "s"}.`;
    }
    case "closed_hours": {
      const opens = DateTime.fromJSDate(status.opensAt, { zone: status.timezone });
      const when = `${opens.toFormat("cccc d LLLL 'at' h:mm a")} ${city(status.timezone)} time`;
      const where = status.channel === currentChannel ? "here" : (CHANNEL_WORDS[status.channel] ?? `on ${status.channel.replace(/_/g, " ")}`);
      return `Our team is away right now. A person will answer you ${where} from ${when}.`;
    }
  }
}
