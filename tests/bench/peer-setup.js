// What a developer writes to make the peer stack do Doorman's job at page load: the welcome
// dialog's markup and styles, micromodal for the dialog, ouibounce armed for exit intent, and a
// welcome timer. The wheel and scratch card, like Doorman's, are only built when a game opens.
(() => {
  const style = document.createElement('style');
  style.textContent = `.modal{display:none}.modal.is-open{display:block}
.modal__overlay{position:fixed;inset:0;background:rgba(17,24,39,.55);display:flex;align-items:center;justify-content:center}
.modal__container{background:#fff;padding:28px 24px;border-radius:14px;width:min(420px,calc(100vw - 32px));font:16px/1.45 system-ui,sans-serif}
.modal__container input[type=email]{width:100%;padding:12px;border:1.5px solid #6b7280;border-radius:8px}
.modal__container button{display:block;width:100%;padding:13px;border:0;border-radius:8px;background:#0b7a75;color:#fff;font-weight:700}`;
  document.head.append(style);
  const modal = document.createElement('div');
  modal.className = 'modal';
  modal.id = 'welcome';
  modal.setAttribute('aria-hidden', 'true');
  modal.innerHTML = `<div class="modal__overlay" tabindex="-1" data-micromodal-close>
    <div class="modal__container" role="dialog" aria-modal="true" aria-labelledby="welcome-title">
      <h2 id="welcome-title">15% off your first order</h2>
      <form><label for="welcome-email">Email address</label><input id="welcome-email" type="email" required>
      <label><input type="checkbox" required> Yes, email me offers.</label><button>Get my code</button></form>
    </div></div>`;
  document.body.append(modal);
  window.MicroModal.init();
  window.ouibounce(modal, { aggressive: false, callback: () => window.MicroModal.show('welcome') });
  setTimeout(() => window.MicroModal.show('welcome'), 10 * 60 * 1000);
  window.peerGames = {
    wheel: (container, items) => new window.spinWheel.Wheel(container, { items }),
    scratch: (container, options) => new window.ScratchCard(container, options),
  };
})();
