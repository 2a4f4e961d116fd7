import 'package:flutter/material.dart';
import 'package:notes_demo/data/connection.dart';
import 'package:notes_demo/data/database.dart';

Future<void> main() async {
  WidgetsFlutterBinding.ensureInitialized();
  final database = await openAppDatabase();
  runApp(App(database: database));
}

class App extends StatelessWidget {
  const App({super.key, required this.database});

  final AppDatabase database;

  @override
  Widget build(BuildContext context) {
    return MaterialApp(
      title: 'Notes & Todos',
      theme: ThemeData(colorSchemeSeed: const Color(0xFF3F51B5)),
      home: Scaffold(
        appBar: AppBar(title: const Text('Notes & Todos')),
        body: Center(
          child: Text('Database schema version ${database.schemaVersion}'),
        ),
      ),
    );
  }
}
