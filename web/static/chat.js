/*
 * The chat widget: talks to our socket.io channel (channels/socketio.py; see web/README.md).
 *
 * Protocol (credentials: user_message_evt user_uttered, bot_message_evt bot_uttered):
 *   -> session_request {session_id | null}    on every (re)connect
 *   <- session_confirm "<signed session id>"  issued by the server; kept in sessionStorage
 *                                             and offered again after a reload in the tab
 *   -> user_uttered {message, session_id}     only for the session this socket was given
 *   <- bot_uttered {text} | {text, quick_replies: [{title, payload}]} | custom JSON
 * Rasa splits a text at blank lines into several bot_uttered events. A custom message
 * arrives as the payload itself, {type: "assessment", urgency: ...}; nested under `custom`
 * or `data` is understood too.
 *
 * Bot text is only ever put into the page with textContent / createElement.
 */
(function () {
  'use strict';

  var KEYS = { session: 'symptomChat.sessionId', transcript: 'symptomChat.transcript' };
  var OFFLINE_TEXT =
    "I can't reach the assistant right now. If you're worried about your symptoms, please see a doctor.";
  var REPLY_TIMEOUT_MS = 45000;
  var RESTART_ACK_TIMEOUT_MS = 5000;
  var MAX_ENTRIES = 300;
  var SVG_NS = 'http://www.w3.org/2000/svg';

  // Wording follows the urgency levels of docs/design.md.
  var URGENCY = {
    emergency: {
      label: 'Emergency',
      detail: 'Call your local emergency number now.', // replaced from config.callEmergency
      icon: 'M12 2 1 21h22L12 2zm-1 7h2v6h-2V9zm0 8h2v2h-2v-2z',
    },
    urgent: {
      label: 'Urgent',
      detail: 'See a doctor today or within 24 hours.',
      icon: 'M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20zm0 2a8 8 0 1 1 0 16 8 8 0 0 1 0-16zm-1 3v6l5 3 1-1.7-4-2.3V7h-2z',
    },
    soon: {
      label: 'See a doctor soon',
      detail: 'Book an appointment within the next two weeks.',
      icon: 'M7 2v2H5a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h14a2 2 0 0 0 2-2V6a2 2 0 0 0-2-2h-2V2h-2v2H9V2H7zM5 9h14v11H5V9z',
    },
  };

  // --- storage: sessionStorage only (shared and family computers) -------------------
  var store = {
    get: function (key) {
      try { return window.sessionStorage.getItem(key); } catch (e) { return null; }
    },
    set: function (key, value) {
      try { window.sessionStorage.setItem(key, value); } catch (e) { /* private mode, full */ }
    },
    remove: function (key) {
      try { window.sessionStorage.removeItem(key); } catch (e) { /* ignore */ }
    },
  };

  function loadTranscript() {
    try {
      var parsed = JSON.parse(store.get(KEYS.transcript) || '[]');
      return Array.isArray(parsed) ? parsed.filter(isEntry) : [];
    } catch (e) {
      return [];
    }
  }

  function isEntry(entry) {
    if (!entry || typeof entry !== 'object') return false;
    if (entry.kind === 'assessment') return isUrgency(entry.urgency);
    if (entry.replies !== undefined && !Array.isArray(entry.replies)) delete entry.replies;
    return (entry.kind === 'user' || entry.kind === 'bot') && typeof entry.text === 'string';
  }

  // --- state ------------------------------------------------------------------------
  var config = window.SYMPTOM_CHAT_CONFIG || {};

  // The levels are URGENCY_LEVELS of symptom_checker/knowledge.py, sent by web/serve.py;
  // URGENCY above only gives each its words.
  function isUrgency(urgency) {
    var levels = Array.isArray(config.urgencyLevels) ? config.urgencyLevels : Object.keys(URGENCY);
    return levels.indexOf(urgency) >= 0 && URGENCY.hasOwnProperty(urgency);
  }
  // Who to call comes from the deployment's data/services file, via web/serve.py.
  if (config.emergency) {
    var examples = config.emergencyExamples || '';
    var isNumber = /^\d+$/.test(config.emergency);
    URGENCY.emergency.detail = isNumber
      ? 'Call ' + (examples || config.emergency) + ' now.'
      : 'Call ' + config.emergency + ' now' + (examples ? ' (' + examples + ')' : '') + '.';
    var bannerCall = document.getElementById('emergency-call');
    if (bannerCall) {
      bannerCall.textContent = isNumber
        ? 'call ' + (examples || config.emergency)
        : 'call ' + config.emergency + (examples ? ' (' + examples + ')' : '');
    }
  }
  var state = {
    sessionId: store.get(KEYS.session),
    transcript: loadTranscript(),
    ready: false, // session confirmed on the current connection
    pending: [], // messages typed before the session was confirmed
    socket: null,
    waitTimer: null,
    openUrgency: null, // urgency of the assessment being shown since the last user message
    restarting: false, // between Start over and the new connection: ignore old replies
  };

  // --- elements ---------------------------------------------------------------------
  var log = document.getElementById('messages');
  var intro = document.getElementById('intro');
  var typing = document.getElementById('typing');
  var connectionStatus = document.getElementById('connection-status');
  var announcer = document.getElementById('announcer');
  var form = document.getElementById('composer');
  var input = document.getElementById('message-input');
  var startOverButton = document.getElementById('start-over');
  var startOverChoice = document.getElementById('start-over-choice');
  var deleteButton = document.getElementById('start-over-delete');
  var keepButton = document.getElementById('start-over-keep');
  var cancelButton = document.getElementById('start-over-cancel');
  var currentBlock = null; // assessment <section> that bot messages go into

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // --- rendering text safely ----------------------------------------------------------
  var INLINE = /\*\*([^*\n]+)\*\*|(https?:\/\/[^\s<>"]*[^\s<>".,;:!?)\]'])/g;

  function appendInline(parent, text) {
    var last = 0;
    var match;
    INLINE.lastIndex = 0;
    while ((match = INLINE.exec(text)) !== null) {
      if (match.index > last) parent.appendChild(document.createTextNode(text.slice(last, match.index)));
      if (match[1] !== undefined) {
        parent.appendChild(el('strong', null, match[1]));
      } else {
        parent.appendChild(link(match[2]));
      }
      last = INLINE.lastIndex;
    }
    if (last < text.length) parent.appendChild(document.createTextNode(text.slice(last)));
  }

  function link(url) {
    var parsed;
    try { parsed = new URL(url); } catch (e) { return document.createTextNode(url); }
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return document.createTextNode(url);
    var a = el('a', null, url);
    a.href = parsed.href;
    a.target = '_blank';
    a.rel = 'noopener noreferrer';
    return a;
  }

  // Lines become paragraphs; lines starting with "-", "*" or "•" become a bullet list.
  function renderText(container, text) {
    var list = null;
    text.split(/\r?\n/).forEach(function (raw) {
      var line = raw.replace(/\s+$/, '');
      var bullet = /^\s*[-*•]\s+(.*)$/.exec(line);
      if (bullet) {
        if (!list) {
          list = el('ul');
          container.appendChild(list);
        }
        var item = el('li');
        appendInline(item, bullet[1]);
        list.appendChild(item);
        return;
      }
      list = null;
      if (!line.trim()) return;
      var paragraph = el('p');
      appendInline(paragraph, line);
      container.appendChild(paragraph);
    });
  }

  function icon(path) {
    var svg = document.createElementNS(SVG_NS, 'svg');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('aria-hidden', 'true');
    svg.setAttribute('focusable', 'false');
    svg.setAttribute('class', 'assessment__icon');
    var shape = document.createElementNS(SVG_NS, 'path');
    shape.setAttribute('d', path);
    shape.setAttribute('fill', 'currentColor');
    shape.setAttribute('fill-rule', 'evenodd');
    svg.appendChild(shape);
    return svg;
  }

  // --- rendering entries --------------------------------------------------------------
  function renderEntry(entry, index) {
    if (entry.kind === 'assessment') {
      var level = URGENCY[entry.urgency];
      var block = el('section', 'assessment assessment--' + entry.urgency);
      block.setAttribute('data-urgency', entry.urgency);
      var headingId = 'assessment-' + index;
      block.setAttribute('aria-labelledby', headingId);
      var heading = el('h2', 'assessment__heading');
      heading.id = headingId;
      heading.appendChild(icon(level.icon));
      heading.appendChild(el('span', null, level.label));
      block.appendChild(heading);
      block.appendChild(el('p', 'assessment__detail', level.detail));
      log.appendChild(block);
      currentBlock = block;
      return;
    }

    var isUser = entry.kind === 'user';
    if (isUser) currentBlock = null;
    var message = el('div', 'msg ' + (isUser ? 'msg--user' : 'msg--bot'));
    message.setAttribute('data-index', String(index));
    message.appendChild(el('span', 'visually-hidden', isUser ? 'You:' : 'Assistant:'));
    var body = el('div', 'msg__body');
    if (isUser) {
      body.appendChild(el('p', 'msg__user-text', entry.text));
    } else {
      renderText(body, entry.text);
    }
    message.appendChild(body);

    if (!isUser && entry.replies && entry.replies.length) {
      message.appendChild(renderReplies(entry, index));
    }
    (currentBlock || log).appendChild(message);
  }

  function renderReplies(entry, index) {
    var group = el('div', 'quick-replies');
    group.setAttribute('role', 'group');
    group.setAttribute('aria-label', 'Suggested replies');
    entry.replies.forEach(function (reply, replyIndex) {
      var button = el('button', 'quick-reply', reply.title);
      button.type = 'button';
      button.disabled = Boolean(entry.repliesUsed);
      if (entry.chosen === replyIndex) {
        button.classList.add('quick-reply--chosen');
        button.setAttribute('aria-pressed', 'true');
      }
      button.addEventListener('click', function () {
        chooseReply(index, replyIndex);
      });
      group.appendChild(button);
    });
    return group;
  }

  function renderAll() {
    Array.prototype.slice.call(log.children).forEach(function (child) {
      if (child !== intro) log.removeChild(child);
    });
    currentBlock = null;
    state.openUrgency = null;
    state.transcript.forEach(function (entry, index) {
      renderEntry(entry, index);
      trackUrgency(entry);
    });
    scrollToEnd();
  }

  function trackUrgency(entry) {
    if (entry.kind === 'assessment') state.openUrgency = entry.urgency;
    if (entry.kind === 'user') state.openUrgency = null;
  }

  function scrollToEnd() {
    log.scrollTop = log.scrollHeight;
  }

  function saveTranscript() {
    if (state.transcript.length > MAX_ENTRIES) {
      state.transcript = state.transcript.slice(-MAX_ENTRIES);
      store.set(KEYS.transcript, JSON.stringify(state.transcript));
      renderAll();
      return;
    }
    store.set(KEYS.transcript, JSON.stringify(state.transcript));
  }

  function addEntry(entry) {
    state.transcript.push(entry);
    trackUrgency(entry);
    renderEntry(entry, state.transcript.length - 1);
    saveTranscript();
    scrollToEnd();
  }

  // Any reply (typed or clicked) answers the earlier quick replies: disable them all.
  function retireReplies(chosenEntry, chosenReply) {
    state.transcript.forEach(function (entry, index) {
      if (entry.kind !== 'bot' || !entry.replies || !entry.replies.length || entry.repliesUsed) return;
      entry.repliesUsed = true;
      if (index === chosenEntry) entry.chosen = chosenReply;
      var message = log.querySelector('.msg[data-index="' + index + '"]');
      if (!message) return;
      var buttons = message.querySelectorAll('.quick-reply');
      Array.prototype.forEach.call(buttons, function (button, buttonIndex) {
        button.disabled = true;
        if (index === chosenEntry && buttonIndex === chosenReply) {
          button.classList.add('quick-reply--chosen');
          button.setAttribute('aria-pressed', 'true');
        }
      });
    });
  }

  // --- incoming ----------------------------------------------------------------------
  function assessmentUrgency(message) {
    var candidates = [message, message.custom, message.data, message.custom && message.custom.data];
    for (var i = 0; i < candidates.length; i++) {
      var candidate = candidates[i];
      if (candidate && typeof candidate === 'object' && candidate.type === 'assessment' &&
          isUrgency(candidate.urgency)) {
        return candidate.urgency;
      }
    }
    return null;
  }

  function normaliseReplies(message) {
    var raw = message.quick_replies || message.buttons || [];
    if (!Array.isArray(raw)) return [];
    return raw
      .filter(function (reply) { return reply && typeof reply.title === 'string' && reply.title.trim(); })
      .map(function (reply) {
        var payload = typeof reply.payload === 'string' && reply.payload ? reply.payload : reply.title;
        return { title: reply.title, payload: payload };
      });
  }

  function openAssessment(urgency) {
    if (state.openUrgency === urgency) return;
    addEntry({ kind: 'assessment', urgency: urgency });
  }

  function onBotMessage(message) {
    if (state.restarting) return;
    if (typeof message === 'string') message = { text: message };
    if (!message || typeof message !== 'object') return;
    stopWaiting();

    var urgency = assessmentUrgency(message);
    if (urgency) openAssessment(urgency);

    var text = typeof message.text === 'string' ? message.text : '';
    var replies = normaliseReplies(message);
    if (!text.trim() && !replies.length) return;
    // A text that starts with "EMERGENCY" (or "URGENT") is marked even without a marker.
    if (/^\s*EMERGENCY\b/.test(text)) openAssessment('emergency');
    else if (/^\s*URGENT\b/.test(text) && !state.openUrgency) openAssessment('urgent');

    var entry = { kind: 'bot', text: text };
    if (replies.length) {
      entry.replies = replies;
      entry.repliesUsed = false;
    }
    addEntry(entry);
  }

  // --- outgoing ----------------------------------------------------------------------
  function sendToAssistant(message) {
    if (state.ready && state.socket && state.socket.connected) {
      state.socket.emit('user_uttered', { message: message, session_id: state.sessionId });
    } else {
      state.pending.push(message);
    }
    startWaiting();
  }

  function flushPending() {
    var queued = state.pending;
    state.pending = [];
    queued.forEach(function (message) {
      state.socket.emit('user_uttered', { message: message, session_id: state.sessionId });
    });
  }

  function sendTyped() {
    var text = input.value.trim();
    if (!text) {
      input.focus();
      return;
    }
    input.value = '';
    retireReplies(-1, -1);
    addEntry({ kind: 'user', text: text });
    sendToAssistant(text);
    input.focus();
  }

  function chooseReply(entryIndex, replyIndex) {
    var entry = state.transcript[entryIndex];
    if (!entry || entry.repliesUsed) return;
    var reply = entry.replies[replyIndex];
    retireReplies(entryIndex, replyIndex);
    addEntry({ kind: 'user', text: reply.title });
    sendToAssistant(reply.payload);
    // The clicked button is now disabled; keep keyboard users in the conversation.
    input.focus();
  }

  function startWaiting() {
    typing.hidden = false;
    clearTimeout(state.waitTimer);
    state.waitTimer = setTimeout(stopWaiting, REPLY_TIMEOUT_MS);
  }

  function stopWaiting() {
    typing.hidden = true;
    clearTimeout(state.waitTimer);
  }

  function announce(text) {
    announcer.textContent = '';
    setTimeout(function () { announcer.textContent = text; }, 50);
  }

  // "Start over" first asks: delete what was said (the assistant's delete-my-data flow, with
  // its own confirmation), just start again (the old conversation is left aside), or cancel.
  function offerStartOver() {
    if (!state.transcript.length) {
      startOver();
      return;
    }
    startOverChoice.hidden = false;
    startOverButton.setAttribute('aria-expanded', 'true');
    deleteButton.focus();
  }

  function closeStartOverChoice(focusTarget) {
    startOverChoice.hidden = true;
    startOverButton.setAttribute('aria-expanded', 'false');
    if (focusTarget) focusTarget.focus();
  }

  function deleteWhatWasSaid() {
    closeStartOverChoice(input);
    retireReplies(-1, -1);
    addEntry({ kind: 'user', text: 'Delete what I said' });
    sendToAssistant('/delete_my_data');
  }

  function startOver() {
    closeStartOverChoice(null);
    var socket = state.socket;
    var oldSession = state.ready && socket && socket.connected ? state.sessionId : null;
    state.sessionId = null;
    state.ready = false;
    document.body.removeAttribute('data-session');
    state.pending = [];
    state.transcript = [];
    store.remove(KEYS.session);
    store.remove(KEYS.transcript);
    stopWaiting();
    renderAll();
    input.value = '';
    input.focus();
    announce('The conversation has been cleared. You can start again.');
    if (!socket) return;

    // Tell Rasa to forget the old conversation, then reconnect: a new connection leaves
    // the old conversation's room, so nothing more from it reaches this page. Rasa
    // acknowledges once it has handled /restart (and sent its reply, which we ignore);
    // disconnecting before that would drop the /restart.
    state.restarting = true;
    var reconnected = false;
    function reconnect() {
      if (reconnected) return;
      reconnected = true;
      socket.disconnect();
      state.restarting = false;
      socket.connect();
    }
    if (oldSession) {
      socket.timeout(RESTART_ACK_TIMEOUT_MS).emit(
        'user_uttered', { message: '/restart', session_id: oldSession }, reconnect);
    } else {
      reconnect();
    }
  }

  // --- connection ----------------------------------------------------------------------
  function setOnline() {
    connectionStatus.textContent = '';
    document.body.setAttribute('data-connection', 'online');
  }

  function setOffline() {
    stopWaiting();
    if (connectionStatus.textContent) return;
    connectionStatus.textContent = '';
    connectionStatus.appendChild(el('strong', null, OFFLINE_TEXT));
    connectionStatus.appendChild(el('span', 'connection-status__retry', ' Trying to reconnect…'));
    document.body.setAttribute('data-connection', 'offline');
  }

  function socketUrl() {
    if (config.socketUrl) return config.socketUrl;
    var port = config.rasaPort || 5005;
    return window.location.protocol + '//' + window.location.hostname + ':' + port;
  }

  function connect() {
    if (typeof window.io !== 'function') {
      setOffline();
      return;
    }
    var socket = window.io(socketUrl(), {
      path: config.socketPath || '/socket.io',
      reconnectionDelay: 1000,
      reconnectionDelayMax: 5000,
      timeout: 10000,
    });
    state.socket = socket;

    socket.on('connect', function () {
      setOnline();
      state.ready = false;
      socket.emit('session_request', { session_id: state.sessionId || null });
    });

    socket.on('session_confirm', function (confirmed) {
      var id = confirmed && typeof confirmed === 'object' ? confirmed.session_id : confirmed;
      if (typeof id !== 'string' || !id) return;
      state.sessionId = id;
      store.set(KEYS.session, id);
      state.ready = true;
      document.body.setAttribute('data-session', 'ready');
      flushPending();
    });

    socket.on('bot_uttered', onBotMessage);

    socket.on('connect_error', function () {
      state.ready = false;
      setOffline();
    });

    socket.on('disconnect', function (reason) {
      state.ready = false;
      document.body.removeAttribute('data-session');
      if (reason === 'io client disconnect') return; // our own, from Start over
      setOffline();
      // The server closed this connection on purpose; socket.io won't retry by itself.
      if (reason === 'io server disconnect') socket.connect();
    });
  }

  // --- wiring ----------------------------------------------------------------------------
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    sendTyped();
  });

  input.addEventListener('keydown', function (event) {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      sendTyped();
    }
  });

  startOverButton.setAttribute('aria-controls', 'start-over-choice');
  startOverButton.setAttribute('aria-expanded', 'false');
  startOverButton.addEventListener('click', offerStartOver);
  deleteButton.addEventListener('click', deleteWhatWasSaid);
  keepButton.addEventListener('click', startOver);
  cancelButton.addEventListener('click', function () { closeStartOverChoice(startOverButton); });
  startOverChoice.addEventListener('keydown', function (event) {
    if (event.key === 'Escape') closeStartOverChoice(startOverButton);
  });

  renderAll();
  connect();
})();
