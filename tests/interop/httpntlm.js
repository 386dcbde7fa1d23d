// npm httpntlm against sspiserver: node httpntlm.js URL USER PASSWORD DOMAIN
// prints the status code, then the body.
const httpntlm = require('httpntlm');
const [url, username, password, domain] = process.argv.slice(2);
httpntlm.get({ url, username, password, domain, workstation: 'NODE' }, (err, res) => {
    if (err) {
        console.log('error ' + err.message);
        process.exit(1);
    }
    console.log(res.statusCode);
    process.stdout.write(res.body);
});
