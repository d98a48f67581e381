const fs = require('fs')
const axios = require('axios')

module.exports = {
  name: 'Download Attachment',
  description: 'Downloads an attachment from Zoho CRM based on the attachment id and saves it in the /tmp/ directory. Returns the file path of the saved file for later use.',
  key: 'zoho_crm-download-attachment',
  version: '1.0.1',
  type: 'action',
  props: {
    zoho_crm: {
      type: 'app',
      app: 'zoho_crm',
    },
    module:{
      type: 'string',
      label: 'Module',
      options: [
        {label: 'Leads', value: 'leads'},
        {label: 'Accounts', value: 'accounts'},
        {label: 'Contacts', value: 'contacts'},
        {label: 'Deals', value: 'deals'},
        // … (trimmed: further module options) …
      ]
    },
    record_id:{
      type: 'string',
      label: 'Record ID',
    },
    attachment_id:{
      type: 'string',
      label: 'Attachment ID',
    },
    file_name: {
      type: 'string',
      label: 'File Name (Optional)',
      optional: true,
    }
  },

  async run(){
    const {data: file} = await axios({
      url: `${this.zoho_crm.$auth.api_domain}/crm/v2/${this.module}/${this.record_id}/Attachments/${this.attachment_id}`,
      headers: {
        "Authorization": `Zoho-oauthtoken ${this.zoho_crm.$auth.oauth_access_token}`,
      },
      responseType: 'arraybuffer'
    })

    const file_path = `/tmp/${this.file_name ? this.file_name : this.attachment_id}`

    fs.writeFileSync(file_path, file)

    return file_path
  },
}
