const messages = {
  en: { passwordReset: "Your password reset link has expired, please request a new one.", tokenMissing: "Missing API token" },
  fr: { passwordReset: "Votre lien de réinitialisation du mot de passe a expiré.", tokenMissing: "Jeton d'API manquant" },
  de: { passwordReset: "Ihr Link zum Zurücksetzen des Passworts ist abgelaufen.", tokenMissing: "API-Token fehlt" },
};

module.exports = defineComponent({
  async run({ steps, $ }) {
    const lang = steps.trigger.event.headers["accept-language"]?.slice(0, 2) || "en";
    return (messages[lang] || messages.en).tokenMissing;
  },
});
