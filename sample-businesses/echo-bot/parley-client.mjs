// The Business API calls this bot makes: one small class, so that the route lives in one place.
export class ParleyBusinessClient {
  constructor(baseUrl, apiKey) {
    this.baseUrl = baseUrl.replace(/\/$/, '');
    this.apiKey = apiKey;
  }

  // POST /api/business/v1/conversations/:conversationId/messages {text}
  async sendText(conversationId, text) {
    const response = await fetch(
      `${this.baseUrl}/api/business/v1/conversations/${encodeURIComponent(conversationId)}/messages`,
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${this.apiKey}` },
        body: JSON.stringify({ text }),
      },
    );
    if (!response.ok) throw new Error(`send failed: ${response.status} ${await response.text()}`);
    return response.json().catch(() => ({}));
  }
}
