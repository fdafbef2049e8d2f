// The page's side of the terminal. Java (TerminalPane) sets window.lamina, a TerminalBridge,
// then calls laminaTerminal.start(); keys go to lamina.input, sizes to lamina.resize, and the
// exec's output comes back through laminaTerminal.write (base64, as xterm.js decodes UTF-8 itself).
var laminaTerminal = (function () {
  var themes = {
    dark: { background: '#1e1e1e', foreground: '#d4d4d4', cursor: '#d4d4d4', selectionBackground: '#264f78' },
    light: { background: '#ffffff', foreground: '#1e1e1e', cursor: '#1e1e1e', selectionBackground: '#add6ff',
             black: '#000000', red: '#cd3131', green: '#00bc00', yellow: '#949800', blue: '#0451a5',
             magenta: '#bc05bc', cyan: '#0598bc', white: '#555555', brightBlack: '#666666', brightRed: '#cd3131',
             brightGreen: '#14ce14', brightYellow: '#b5ba00', brightBlue: '#0451a5', brightMagenta: '#bc05bc',
             brightCyan: '#0598bc', brightWhite: '#a5a5a5' }
  };
  var term, fit, scheme;

  function start(dark) {
    scheme = dark ? 'dark' : 'light';
    term = new Terminal({
      fontFamily: '"DejaVu Sans Mono", Menlo, Consolas, monospace',
      fontSize: 13,
      cursorBlink: true,
      scrollback: 5000,
      theme: themes[dark ? 'dark' : 'light']
    });
    fit = new FitAddon.FitAddon();
    term.loadAddon(fit);
    document.body.style.background = themes[dark ? 'dark' : 'light'].background;
    term.open(document.getElementById('screen'));
    // Ctrl+Shift+C and Ctrl+Shift+V, as terminals have them: Ctrl+C stays the interrupt.
    term.attachCustomKeyEventHandler(function (e) {
      if (e.type !== 'keydown' || !e.ctrlKey || !e.shiftKey) return true;
      if (e.code === 'KeyC') { copy(); return false; }
      if (e.code === 'KeyV') { paste(); return false; }
      return true;
    });
    term.onData(function (data) { window.lamina.input(data); });
    term.onBinary(function (data) { window.lamina.input(data); });
    term.onResize(function (size) { window.lamina.resize(size.cols, size.rows); });
    window.addEventListener('resize', function () { fit.fit(); });
    fit.fit();
    window.lamina.resize(term.cols, term.rows);
    term.focus();
  }

  function write(base64) {
    var raw = atob(base64), bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
    term.write(bytes);
  }

  function copy() {
    var text = term.getSelection();
    if (text) window.lamina.copy(text);
  }

  function paste() {
    var text = window.lamina.clipboardText();
    if (text) term.paste(text);
  }

  // The whole buffer as text, a line each (what a test reads back).
  function text() {
    var buffer = term.buffer.active, lines = [];
    for (var i = 0; i < buffer.length; i++) lines.push(buffer.getLine(i).translateToString(true));
    return lines.join('\n');
  }

  return {
    start: start,
    write: write,
    copy: copy,
    paste: paste,
    text: text,
    size: function () { return term.rows + ' ' + term.cols; },
    selectAll: function () { term.selectAll(); },
    reset: function () { term.reset(); },
    focus: function () { term.focus(); },
    scheme: function () { return scheme; },
    setDark: function (dark) {
      scheme = dark ? 'dark' : 'light';
      term.options.theme = themes[dark ? 'dark' : 'light'];
      document.body.style.background = term.options.theme.background;
    },
    message: function (line) { term.write('\r\n\x1b[2m' + line + '\x1b[0m\r\n'); }
  };
})();
