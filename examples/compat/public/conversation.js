// The compatibility example's app: one conversation page written against the
// published SDK 1.6.1's API only, the way its README and Example Guide write
// apps. Both pages run it: index.html with the script-tag build (the global
// `PersoInteractive`), esm.html with the package imported as an ES module.
// Nothing here knows about this SDK's extras.
(function () {
  function run(PersoInteractive) {
    const { createSession, ChatTool, ChatState } = PersoInteractive;
    const $ = (id) => document.getElementById(id);
    let session = null;
    let teardown = [];

    // The README's client tool.
    const weatherTool = new ChatTool(
      "get_weather",
      "Get current weather for a location",
      {
        type: "object",
        properties: { location: { type: "string", description: "City name" } },
        required: ["location"],
      },
      async (args) => {
        append($("tool-calls"), "tool-call", `get_weather(${args.location})`);
        return { temperature: 22, condition: "Sunny" };
      },
      false,
    );

    function append(list, role, text) {
      const item = document.createElement("li");
      item.dataset.role = role;
      item.textContent = text;
      list.append(item);
      return item;
    }

    function showError(error) {
      const detail = error instanceof PersoInteractive.STTError && error.underlyingError ? ` (${error.underlyingError.detail ?? error.underlyingError})` : "";
      append($("errors"), "error", `${error.name}: ${error.message}${detail}`);
    }

    function setStatus(status) {
      $("status").dataset.status = status;
      $("status").textContent = status;
      for (const button of document.querySelectorAll("[data-needs-session]")) button.disabled = status !== "connected";
      $("start-button").disabled = status === "connecting" || status === "connected";
    }

    async function start() {
      setStatus("connecting");
      try {
        // Obtain sessionId from your server (here the emulator plays that server).
        const sessionId = await fetch("/api/session", { method: "POST" })
          .then((res) => res.json())
          .then((data) => data.sessionId);
        session = await createSession({
          sessionId,
          width: 1280,
          height: 720,
          clientTools: [weatherTool],
          // The emulator is the API server here; in production omit apiServer (https://platform.perso.ai).
          apiServer: location.origin,
        });
      } catch (error) {
        setStatus("idle");
        showError(error);
        return;
      }
      const videoEl = $("video");
      if (videoEl instanceof HTMLVideoElement) session.setSrc(videoEl);
      $("session-id").textContent = session.getSessionId();

      teardown = [
        session.subscribeChatStates((states) => {
          for (const badge of document.querySelectorAll("#chat-states li")) badge.dataset.active = String(states.has(ChatState[badge.dataset.state]));
        }),
        // Newest first: shown oldest first.
        session.subscribeChatLog((chatLog) => {
          $("chat-log").replaceChildren();
          for (const entry of [...chatLog].reverse()) append($("chat-log"), entry.isUser ? "user" : "assistant", entry.text);
        }),
        session.setErrorHandler(showError),
        session.setSttResultCallback((text) => ($("transcript").textContent = text)),
      ];
      session.onClose((manualClosed) => {
        setStatus(manualClosed ? "closed" : "lost");
        session = null;
      });
      setStatus("connected");
    }

    function stop() {
      for (const unsubscribe of teardown) unsubscribe();
      teardown = [];
      session?.stopSession();
    }

    // Chat (Simple): processChat. The answer shows up in the chat log.
    function chat() {
      const message = $("chat-input").value;
      $("chat-input").value = "";
      session.processChat(message).catch(showError);
    }

    // Chat (Recommended): processLLM → processTTS → processSTF, the app showing the stream in its own bubbles.
    async function pipeline(message) {
      append($("stream"), "user", message);
      let bubble = null;
      let shown = 0;
      let llmResponse = "";
      for await (const chunk of session.processLLM({ message })) {
        if (chunk.type === "message") {
          bubble ??= append($("stream"), "assistant", "");
          bubble.textContent += chunk.chunks.slice(shown).join("");
          shown = chunk.chunks.length;
          if (chunk.finish) {
            llmResponse = chunk.message;
            bubble = null;
            shown = 0;
          }
        } else if (chunk.type === "tool_call") {
          append($("stream"), "tool", chunk.tool_calls.map((call) => call.function.name).join(", "));
        } else if (chunk.type === "error") {
          showError(chunk.error);
        }
      }
      const audioBlob = await session.processTTS(llmResponse);
      if (audioBlob) await session.processSTF(audioBlob, audioBlob.type, llmResponse);
    }

    function sendPipeline() {
      const message = $("chat-input").value;
      $("chat-input").value = "";
      pipeline(message).catch(showError);
    }

    // Direct Speech: processTTSTF (also in the chat log).
    function say() {
      session.processTTSTF($("say-input").value);
    }

    // TTS on its own: the audio plays on the page.
    async function tts() {
      const audioBlob = await session.processTTS($("say-input").value);
      if (!audioBlob) return;
      const player = $("tts-audio");
      player.src = URL.createObjectURL(audioBlob);
      player.dataset.bytes = String(audioBlob.size);
      $("tts-size").textContent = `${audioBlob.size} bytes (${audioBlob.type})`;
    }

    // STF: the avatar speaks an audio file.
    async function stf() {
      const text = $("say-input").value;
      const audioBlob = await session.processTTS(text);
      if (!audioBlob) return;
      const fileRef = await session.processSTF(audioBlob, audioBlob.type, text);
      $("file-ref").textContent = fileRef;
    }

    // STT toggle, as the published examples write it.
    async function toggleRecording(button, onText) {
      if (session.isSTTRecording()) {
        button.dataset.state = "transcribing";
        try {
          onText(await session.stopProcessSTT());
        } finally {
          button.dataset.state = "idle";
        }
      } else {
        await session.startProcessSTT();
        button.dataset.state = "recording";
      }
    }

    function stt() {
      toggleRecording($("stt-button"), (text) => ($("chat-input").value = text)).catch(showError);
    }

    // Voice chat: STT → LLM → TTS → STF.
    function voiceChat() {
      toggleRecording($("voice-button"), (text) => pipeline(text)).catch(showError);
    }

    const actions = { "start-button": start, "stop-button": stop, "chat-send": chat, "pipeline-send": sendPipeline, "say-button": say, "tts-button": tts, "stf-button": stf, "stt-button": stt, "voice-button": voiceChat };
    for (const [id, action] of Object.entries(actions)) {
      $(id).addEventListener("click", () => {
        Promise.resolve()
          .then(action)
          .catch(showError);
      });
    }
    setStatus("idle");
  }

  window.CompatExample = { run };
})();
