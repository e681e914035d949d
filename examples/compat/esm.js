// The ES-module page: the package imported by name, as the README's ES Module example does.
import * as PersoInteractive from "perso-interactive-sdk-web/client";
import "./public/conversation.js";

window.CompatExample.run(PersoInteractive);
